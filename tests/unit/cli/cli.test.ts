import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/lib/data/random';
import { parseArgs } from '../../../src/cli/parseArgs';
import { runCli } from '../../../src/cli/runCli';

const dir = mkdtempSync(join(tmpdir(), 'fs-cli-'));

/** 6 stores × 2 regions × 200 days: weekly pattern, store size ×1…×6, promo lifts sales by 60 %. */
function writeSample(): string {
  const rng = createRng(7);
  const lines = ['store,region,date,sales,promo,kind'];
  for (let s = 1; s <= 6; s++)
    for (const region of ['north', 'south']) {
      for (let d = 0; d < 200; d++) {
        const day = new Date(Date.UTC(2023, 0, 1) + d * 86_400_000);
        const promo = Math.floor(d / 7) % 3 === 0 ? 1 : 0;
        const dow = [1, 1.1, 1, 0.9, 1.2, 1.5, 0.6][day.getUTCDay()];
        const y = 100 * s * dow * (promo ? 1.6 : 1) * (1 + 0.05 * rng.normal());
        lines.push(`${s},${region},${day.toISOString().slice(0, 10)},${y.toFixed(1)},${promo},${s % 2 ? 'a' : 'b'}`);
      }
    }
  const path = join(dir, 'sample.csv');
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}
const data = writeSample();
const base = ['--data', data, '--id', 'store,region', '--date', 'date', '--target', 'sales', '--freq', 'D', '--h', '14'];

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
  return { code, out, err: err.join('\n') };
}

describe('parseArgs', () => {
  it('reads lists, numbers and COL=VALUE; rejects bad values', () => {
    const o = parseArgs([...base, '--windows', '2', '--zero-when', 'open=0', '--known-future=promo,open']);
    expect('error' in o).toBe(false);
    if ('error' in o) return;
    expect(o.id).toEqual(['store', 'region']);
    expect(o.windows).toBe(2);
    expect(o.zeroWhen).toEqual({ column: 'open', value: '0' });
    expect(o.knownFuture).toEqual(['promo', 'open']);
    expect(parseArgs([...base, '--h', '0'])).toEqual({ error: expect.stringContaining('--h') });
    expect(parseArgs([...base, '--freq', 'H'])).toEqual({ error: expect.stringContaining('--freq must be D, W, M, Q or Y') });
    expect(parseArgs([...base, '--time-budget', '-1'])).toEqual({ error: expect.stringContaining('--time-budget') });
    const q = parseArgs([...base, '--freq', 'q', '--time-budget', '60']);
    expect(q).toMatchObject({ freq: 'Q', timeBudget: 60, selectionWindows: 2 });
    expect(parseArgs(['--data', data])).toEqual({ error: expect.stringContaining('--id') });
  });
});

describe('backtest CLI', () => {
  it('--list-models prints every registered model, one per line', async () => {
    const r = await run(['--list-models']);
    expect(r.code).toBe(0);
    for (const m of ['snaive', 'ets', 'mstl', 'gbdt', 'tree', 'random_forest', 'linear']) expect(r.out).toContain(m);
  });

  it('--help prints the usage on stdout and exits 0', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toMatch(/^usage: npm run backtest -- --data FILE.csv/);
    expect(r.err).toBe('');
  });
  it('bad flags: usage and exit 2', async () => {
    const r = await run([...base, '--bogus']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown argument "--bogus"');
    expect(r.err).toContain('usage:');
  });

  it('a missing column: clear message and exit 2 (also as a real process)', async () => {
    const r = await run([...base, '--known-future', 'promo,price']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('Column "price"');
    const p = spawnSync('npx', ['tsx', 'src/cli/backtest.ts', ...base.slice(0, 6), '--target', 'revenue', '--freq', 'D', '--h', '7'], { encoding: 'utf8' });
    expect(p.status).toBe(2);
    expect(p.stderr).toContain('Column "revenue" (--target) is not in the file');
  }, 90_000); // spawns npx tsx (TypeScript compile) and opens DuckDB twice: 30 s was too tight on 2 shared cores

  it('writes result.json: every model, auto, WAPE as a fraction; the GBDT learns the promo lift', async () => {
    const out = join(dir, 'result.json');
    const fc = join(dir, 'forecasts.csv');
    const r = await run([...base, '--known-future', 'promo', '--static', 'kind', '--models', 'snaive,gbdt,linear', '--out', out, '--forecast-out', fc]);
    expect(r.code, r.err).toBe(0);
    const res = JSON.parse(readFileSync(out, 'utf8')) as { models: Array<Record<string, number | string | null>>; selected: string };
    expect(res.models.map((m) => m.model)).toEqual(['snaive', 'gbdt', 'linear', 'auto']);
    for (const m of res.models) {
      expect(Object.keys(m).sort()).toEqual(['coverage_80', 'coverage_95', 'failed_series', 'fit_seconds', 'mae', 'mase', 'model', 'rmse', 'smape', 'wape']);
      expect(m.wape).toBeGreaterThan(0);
      expect(m.wape).toBeLessThan(1);
    }
    const by = Object.fromEntries(res.models.map((m) => [m.model, m]));
    // snaive misses every promo switch (±60 %); the GBDT sees promo and the store scale.
    expect(by.snaive.wape as number).toBeGreaterThan(0.15);
    expect(by.gbdt.wape as number).toBeLessThan(0.08);
    expect(['snaive', 'gbdt', 'linear'].some((m) => res.selected === m || res.selected.startsWith('ens_'))).toBe(true);
    const lines = readFileSync(fc, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('unique_id,ds,cutoff,model,y,y_hat,lo_80,hi_80,lo_95,hi_95');
    expect(lines.length - 1).toBe(12 * 14 * 7); // 12 series × 14 days × (3 models + 3 top-3 ensembles + auto)
    expect(lines[1]).toMatch(/^1\/north,2023-07-0\d,2023-07-0\d,/);
  }, 120_000);

  it('--freq Q end to end: quarterly series ending in different quarters are each scored on their own last 4 quarters', async () => {
    const rng = createRng(3);
    const lines = ['id,date,sales'];
    const q = [0.8, 1.1, 1.3, 0.8];
    for (let k = 0; k < 5; k++)
      for (let t = 0; t < 40 - k; t++) {
        const d = new Date(Date.UTC(2010, 3 * t + 1, 15)); // mid-quarter dates, truncated to the quarter
        lines.push(`s${k},${d.toISOString().slice(0, 10)},${((200 + 50 * k + 2 * t) * q[(t + 1) % 4] * (1 + 0.02 * rng.normal())).toFixed(2)}`);
      }
    const path = join(dir, 'quarterly.csv');
    writeFileSync(path, lines.join('\n') + '\n');
    const out = join(dir, 'q.json');
    const fc = join(dir, 'q.csv');
    const r = await run(['--data', path, '--id', 'id', '--date', 'date', '--target', 'sales', '--freq', 'Q', '--h', '4', '--models', 'snaive,ets,theta', '--out', out, '--forecast-out', fc]);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('each is scored on windows ending at its own last date');
    const rows = readFileSync(fc, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const auto = rows.filter((x) => x[3] === 'auto');
    expect(auto).toHaveLength(5 * 4);
    // s2 has 38 quarters from 2010Q1: its last is 2019Q2, so its evaluation window is 2018Q3 … 2019Q2
    expect(auto.filter((x) => x[0] === 's2').map((x) => x[1])).toEqual(['2018-07-01', '2018-10-01', '2019-01-01', '2019-04-01']);
    const res = JSON.parse(readFileSync(out, 'utf8')) as { models: Array<{ model: string; wape: number }> };
    const by = Object.fromEntries(res.models.map((m) => [m.model, m.wape]));
    // trend + quarterly season: seasonal ETS beats seasonal naive (which misses a year of trend)
    expect(by.ets).toBeLessThan(by.snaive);
  }, 120_000);
});
