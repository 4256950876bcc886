import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/runCli';

const file = resolve(__dirname, '../../../../shared/data/rossmann/sales_100stores.csv');
const present = existsSync(file);
if (!present) console.warn(`rossmann.test: skipped — ${file} is absent (the shared datasets are not mounted)`);

/**
 * The acceptance test: the 84 complete Rossmann stores, daily, h = 42, one evaluation window ending
 * 2015-07-31 (cutoff 2015-06-19), promo/open/holidays known in advance, closed days forecast as 0.
 * References on this task: seasonal naive 0.220, R ets 0.185, auto.arima+regressors 0.128,
 * Prophet+regressors 0.104, sklearn HistGradientBoosting 0.086.
 */
describe.skipIf(!present)('Rossmann 84 stores, h = 42 (CLI path)', () => {
  it('auto (chosen on an earlier window) reaches pooled WAPE ≤ 0.085; seasonal naive ≈ 0.22', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'fs-ross-')), 'result.json');
    const err: string[] = [];
    const code = await runCli(
      ['--data', file, '--id', 'store', '--date', 'date', '--target', 'sales', '--freq', 'D', '--h', '42', '--windows', '1', '--selection-windows', '1',
        '--known-future', 'promo,open,state_holiday,school_holiday', '--zero-when', 'open=0', '--complete-only',
        '--models', 'snaive,gbdt,linear', '--out', out],
      { stdout: () => {}, stderr: (l) => err.push(l) },
    );
    expect(code, err.join('\n')).toBe(0);
    const res = JSON.parse(readFileSync(out, 'utf8')) as { models: Array<{ model: string; wape: number; coverage_80: number }>; selected: string };
    const by = Object.fromEntries(res.models.map((m) => [m.model, m]));
    console.log(res.models.map((m) => `${m.model} ${m.wape.toFixed(4)}`).join(' | '), '| selected', res.selected);
    expect(err.join('\n')).toContain('sales: 84 series, 79128 rows');
    expect(err.join('\n')).toContain('cutoff 2 of 2'); // one selection window + the evaluated one
    expect(by.snaive.wape).toBeGreaterThan(0.2);
    expect(by.snaive.wape).toBeLessThan(0.24);
    expect(by.auto.wape).toBeLessThanOrEqual(0.085);
    expect(by.gbdt.wape).toBeLessThanOrEqual(0.085);
    expect(by.gbdt.coverage_80).toBeGreaterThan(0.7);
  }, 600_000);
});
