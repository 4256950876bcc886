import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseForecastArgs } from '../../../src/cli/forecastArgs';
import { runForecast } from '../../../src/cli/runForecast';

const dir = mkdtempSync(join(tmpdir(), 'fs-fc-'));
const data = resolve(__dirname, '../../fixtures/small_retail.csv');
/** store_1/item_01 and store_1/item_02, daily 2023-01-01 … 2023-08-28, price, promo (0/1), promo_type, is_holiday. */
const base = ['--data', data, '--id', 'store,item', '--date', 'date', '--target', 'sales', '--freq', 'D', '--h', '14', '--known-future', 'price,promo,is_holiday'];
const IDS = ['store_1/item_01', 'store_1/item_02'];
const DAYS = Array.from({ length: 14 }, (_, j) => new Date(Date.UTC(2023, 7, 29 + j)).toISOString().slice(0, 10));

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runForecast(argv, { stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
  return { code, out, err: err.join('\n') };
}

function readCsv(path: string): { head: string[]; rows: string[][] } {
  const [head, ...rows] = readFileSync(path, 'utf8').trim().split('\n').map((l) => l.split(','));
  return { head, rows };
}

/**
 * A plan file: every series × horizon day, last regular price, promo on days `promoDays` (0-based) with the 10 %
 * price cut the fixture's promotions carry, edited by `edit`.
 */
function planFile(name: string, o: { promoDays?: number[]; edit?: (rows: string[][]) => string[][]; head?: string[] } = {}): string {
  const last = { [IDS[0]]: '0', [IDS[1]]: '0' };
  for (const line of readFileSync(data, 'utf8').trim().split('\n').slice(1)) {
    const c = line.split(',');
    if (c[6] === '0') last[`${c[1]}/${c[2]}`] = c[5]; // the baseline plan's rule: the last regular price
  }
  const on = (j: number) => o.promoDays?.includes(j) ?? false;
  let rows = IDS.flatMap((id) => DAYS.map((d, j) => [id, d, on(j) ? (Number(last[id]) * 0.9).toFixed(2) : last[id], on(j) ? '1' : '0', '0']));
  if (o.edit) rows = o.edit(rows);
  const path = join(dir, name);
  writeFileSync(path, [(o.head ?? ['unique_id', 'ds', 'price', 'promo', 'is_holiday']).join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n');
  return path;
}

describe('forecast flags', () => {
  it('reads quantiles as given, refuses a quantile outside (0, 1) and --plan-fill without --plan', () => {
    const o = parseForecastArgs([...base, '--out', 'x.csv', '--quantiles', '0.9,0.10,0.5']);
    expect('error' in o).toBe(false);
    if ('error' in o) return;
    expect(o.quantiles.map((q) => q.label)).toEqual(['0.10', '0.5', '0.9']);
    expect(o.model).toBe('auto');
    expect(parseForecastArgs([...base, '--out', 'x', '--quantiles', '0,0.5'])).toEqual({ error: expect.stringContaining('outside (0, 1)') });
    expect(parseForecastArgs([...base, '--out', 'x', '--quantiles', '1.2'])).toEqual({ error: expect.stringContaining('outside (0, 1)') });
    expect(parseForecastArgs([...base, '--out', 'x', '--plan-fill', 'baseline'])).toEqual({ error: expect.stringContaining('--plan') });
    expect(parseForecastArgs(base)).toEqual({ error: expect.stringContaining('--out') });
  });

  it('a quantile outside (0, 1) exits with code 2 before reading anything', async () => {
    const r = await run([...base, '--out', join(dir, 'q.csv'), '--quantiles', '0.1,1.5']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('quantile 1.5 is outside (0, 1)');
    // the same through the real entry (src/cli/forecast.ts, what `npm run forecast` runs)
    const p = spawnSync('npx', ['tsx', 'src/cli/forecast.ts', ...base, '--out', join(dir, 'q.csv'), '--quantiles', '0.1,1.5'], { encoding: 'utf8' });
    expect(p.status).toBe(2);
    expect(p.stderr).toContain('quantile 1.5 is outside (0, 1)');
  }, 90_000);
});

describe('npm run forecast (in process)', () => {
  it('auto: one row per series and date beyond the data, columns exactly unique_id,ds,model,mean,q_…, quantiles ordered', async () => {
    const out = join(dir, 'auto.csv');
    const r = await run([...base, '--out', out]);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/80 % band, calibrated on the earlier window\(s\), covers [\d.]+ %/);
    const { head, rows } = readCsv(out);
    expect(head).toEqual(['unique_id', 'ds', 'model', 'mean', 'q_0.1', 'q_0.5', 'q_0.9']);
    expect(rows.length).toBe(2 * 14);
    expect(rows.map((x) => `${x[0]} ${x[1]}`)).toEqual(IDS.flatMap((id) => DAYS.map((d) => `${id} ${d}`)));
    expect(new Set(rows.map((x) => x[2])).size).toBe(1);
    for (const x of rows) {
      const [mean, q1, q5, q9] = x.slice(3).map(Number);
      expect(q1).toBeLessThanOrEqual(q5);
      expect(q5).toBeLessThanOrEqual(q9);
      expect(q9 - q1).toBeGreaterThan(0);
      expect(mean).toBeGreaterThanOrEqual(0);
      expect(mean).toBeGreaterThanOrEqual(q1 - 1e-9);
      expect(mean).toBeLessThanOrEqual(q9 + 1e-9);
    }
  }, 120_000);

  it('a promotion in the plan raises the GBDT forecast on its days; any quantile set such as 0.05,0.5,0.98', async () => {
    const q = ['--model', 'gbdt', '--quantiles', '0.05,0.5,0.98'];
    const a = join(dir, 'base.csv');
    const b = join(dir, 'promo.csv');
    expect((await run([...base, ...q, '--out', a])).code).toBe(0);
    const r = await run([...base, ...q, '--plan', planFile('promo_plan.csv', { promoDays: [3, 4, 5, 6, 7, 8, 9] }), '--out', b]);
    expect(r.code, r.err).toBe(0);
    const A = readCsv(a);
    const B = readCsv(b);
    expect(B.head).toEqual(['unique_id', 'ds', 'model', 'mean', 'q_0.05', 'q_0.5', 'q_0.98']);
    expect(B.rows.every((x) => x[2] === 'gbdt')).toBe(true);
    let up = 0;
    let same = 0;
    A.rows.forEach((x, i) => {
      const j = i % 14;
      const ratio = Number(B.rows[i][3]) / Number(x[3]);
      if (j >= 3 && j <= 9) up += ratio / 14;
      else same += Math.abs(ratio - 1) / 14;
      expect(Number(B.rows[i][4])).toBeLessThanOrEqual(Number(B.rows[i][5]));
      expect(Number(B.rows[i][5])).toBeLessThanOrEqual(Number(B.rows[i][6]));
    });
    expect(up).toBeGreaterThan(1.1); // the fixture's promotions lift sales
    // Days outside the campaign move far less than its days (they read only days-to/since-promotion features).
    expect(same).toBeLessThan((up - 1) / 3);
  }, 120_000);

  const bad: Array<[string, Parameters<typeof planFile>[1], RegExp]> = [
    ['a date outside the horizon', { edit: (r) => r.map((x, i) => (i === 2 ? [x[0], '2023-09-30', ...x.slice(2)] : x)) }, /row\(s\) 4 have dates outside the horizon/],
    ['an unknown series', { edit: (r) => [...r, ['store_9/item_01', DAYS[0], '5', '0', '0']] }, /row\(s\) 30 name a series that is not in the data/],
    ['a missing column', { head: ['unique_id', 'ds', 'price', 'promo'], edit: (r) => r.map((x) => x.slice(0, 4)) }, /lacks column\(s\) is_holiday/],
    ['a non-numeric price', { edit: (r) => r.map((x, i) => (i === 5 ? [x[0], x[1], 'cheap', x[3], x[4]] : x)) }, /Column "price" is not a number in plan row\(s\) 7/],
    ['a price of 0', { edit: (r) => r.map((x, i) => (i === 0 || i === 20 ? [x[0], x[1], '0', x[3], x[4]] : x)) }, /Price "price" is 0 or below in plan row\(s\) 2, 22/],
    ['a text promotion flag', { edit: (r) => r.map((x, i) => (i === 1 ? [x[0], x[1], x[2], 'yes', x[4]] : x)) }, /Column "promo" is text, not a number .* row\(s\) 3/],
  ];
  for (const [what, plan, message] of bad)
    it(`a plan with ${what} exits 2 and says which rows and columns`, async () => {
      const r = await run([...base, '--model', 'snaive', '--plan', planFile(`bad_${what.replace(/\W/g, '_')}.csv`, plan), '--out', join(dir, 'never.csv')]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
    }, 60_000);

  it('a plan missing a series says which, and with --plan-fill baseline fills only those rows', async () => {
    const path = planFile('one_series.csv', { promoDays: [0, 1], edit: (r) => r.filter((x) => x[0] === IDS[0]) });
    const args = [...base, '--model', 'gbdt', '--plan', path];
    const refused = await run([...args, '--out', join(dir, 'no.csv')]);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('misses 14 series-dates of the horizon: store_1/item_02 (14 dates)');
    expect(refused.err).toContain('--plan-fill baseline');
    const out = join(dir, 'filled.csv');
    const ok = await run([...args, '--plan-fill', 'baseline', '--out', out]);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.err).toContain('They follow the baseline plan');
    expect(readCsv(out).rows.length).toBe(28);
  }, 120_000);
});
