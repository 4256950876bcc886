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
    expect(parseArgs([...base, '--freq', 'Q'])).toEqual({ error: expect.stringContaining('--freq') });
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
  }, 30_000);

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
});
