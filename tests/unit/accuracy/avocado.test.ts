/**
 * Avocado (weekly, h = 13, price known) on a subset (about 2 minutes on 2 idle cores, 5 when they are shared): the first 16 regions ×
 * both types = 32 series. Guards the issue-9 failure where `arima` with the price regressor exploded
 * (pooled WAPE 1,038): every model must stay within 5× seasonal naive, and `auto` must not lose to it.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/runCli';

const file = resolve(__dirname, '../../../../shared/data/avocado_hab/weekly_region_type.csv');
const present = existsSync(file);
if (!present) console.warn(`avocado.test: skipped — ${file} is absent (the shared datasets are not mounted)`);

describe.skipIf(!present)('Avocado subset (CLI path)', () => {
  it('no model beyond 5× seasonal naive (ARIMA with price included); auto within 15 % of the best single model', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fs-avo-'));
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const regions = [...new Set(lines.slice(1).map((l) => l.split(',')[1]))].sort().slice(0, 16);
    const subset = join(dir, 'avocado16.csv');
    writeFileSync(subset, [lines[0], ...lines.slice(1).filter((l) => regions.includes(l.split(',')[1]))].join('\n') + '\n');
    const out = join(dir, 'result.json');
    const err: string[] = [];
    const code = await runCli(
      ['--data', subset, '--id', 'series_id', '--date', 'date', '--target', 'total_volume', '--freq', 'W', '--h', '13',
        '--known-future', 'average_price', '--selection-windows', '2', '--models', 'snaive,ets,theta,arima,random_forest,gbdt', '--out', out],
      { stdout: () => {}, stderr: (l) => err.push(l) },
    );
    expect(code, err.join('\n')).toBe(0);
    const res = JSON.parse(readFileSync(out, 'utf8')) as { models: Array<{ model: string; wape: number; failed_series: number }>; selected: string };
    console.log(res.models.map((m) => `${m.model} ${m.wape.toFixed(4)} (${m.failed_series} fallbacks)`).join(' | '), '| selected', res.selected);
    expect(err.join('\n')).toContain('sales: 32 series');
    const by = Object.fromEntries(res.models.map((m) => [m.model, m]));
    for (const m of res.models) expect(m.wape, m.model).toBeLessThan(5 * by.snaive.wape);
    const best = Math.min(...res.models.filter((m) => m.model !== 'auto').map((m) => m.wape));
    expect(by.auto.wape).toBeLessThanOrEqual(1.15 * best);
  }, 600_000);
});
