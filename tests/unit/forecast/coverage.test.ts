import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateRetail, toCsv } from '../../../src/lib/data/generator';
import { calibratedCoverage, candidateRows } from '../../../src/lib/forecast';
import { getModel } from '../../../src/lib/models';
import type { ModelSpec } from '../../../src/lib/models/protocol';
import { backtestPipeline, loadCsv, loadTrainData, type PipelineOptions } from '../../../src/lib/pipeline';
import { openNodeEngine } from '../../../src/lib/pipeline/nodeEngine';

/**
 * The 80 % band of the selected model, calibrated on the earlier backtest windows only, must cover 75–85 %
 * of the outcomes of the last window (closed days are not scored).
 */
async function coverage(path: string, o: Omit<PipelineOptions, 'models' | 'fallback' | 'windows' | 'selectionWindows'>, models: ModelSpec<any>[], windows: number) {
  const engine = await openNodeEngine();
  try {
    await loadCsv(engine, { path });
    const res = await backtestPipeline(engine, { ...o, models, fallback: getModel('snaive'), windows: 1, selectionWindows: windows - 1 });
    expect(res.score, res.issues.map((i) => i.message).join('\n')).toBeDefined();
    const chosen = res.score!.selected;
    const rows = candidateRows(res.backtest!, res.score, chosen);
    let knownZero: ((id: string, ds: number) => boolean) | undefined;
    if (o.zeroWhen) {
      const train = await loadTrainData(engine, { freq: o.freq, knownFuture: [o.zeroWhen.column] });
      const closed = new Set<string>();
      for (const s of train.series) s.x![o.zeroWhen.column].forEach((v, i) => v === Number(o.zeroWhen!.value) && closed.add(`${s.id}|${s.ds[i]}`));
      knownZero = (id, ds) => closed.has(`${id}|${ds}`);
    }
    const w = [...new Set(rows.map((r) => r.window))].sort((a, b) => a - b);
    const cov = calibratedCoverage(rows, o.h, { calibrationWindows: w.slice(0, -1), evalWindows: w.slice(-1), knownZero, floor: 0 });
    const wape = res.score!.models.find((m) => m.model === 'auto')!.wape;
    return { chosen, ...cov, wape, uncalibrated: res.score!.models.find((m) => m.model === 'auto')!.coverage_80 };
  } finally {
    await engine.close?.();
  }
}

const lighter = (name: string, defaults: Record<string, unknown>) => {
  const m = getModel(name);
  return { ...m, defaults: { ...m.defaults, ...defaults } };
};

describe('calibrated 80 % band coverage in a backtest', () => {
  // The studio's own sample (generator defaults: 5 stores × 10 items × 3 years): 1,400 outcomes, so the
  // share's sampling error (≈ 1 point) is small against the 75–85 % window.
  it('the sample (50 series × 3 years, daily, h = 28): 75–85 %', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'fs-cov-')), 'sample.csv');
    writeFileSync(path, toCsv(generateRetail({})));
    const r = await coverage(path, { id: ['store', 'item'], date: 'date', target: 'sales', freq: 'D', h: 28, knownFuture: ['price', 'promo', 'is_holiday'] },
      [getModel('snaive'), lighter('gbdt', { numRounds: 120, quantileRounds: 40 })], 4);
    console.log(`sample: ${r.chosen} wape ${r.wape?.toFixed(3)}, calibrated 80 % coverage ${(100 * r.share).toFixed(1)} % of ${r.n} (the model's own band: ${(100 * (r.uncalibrated ?? NaN)).toFixed(1)} %)`);
    expect(r.n).toBe(50 * 28);
    expect(r.share).toBeGreaterThanOrEqual(0.75);
    expect(r.share).toBeLessThanOrEqual(0.85);
  }, 600_000);

  const rossmann = resolve(__dirname, '../../../../shared/data/rossmann/sales_100stores.csv');
  it.skipIf(!existsSync(rossmann))('Rossmann 84 complete stores, h = 42, closed days not scored: 75–85 %', async () => {
    const r = await coverage(rossmann, {
      id: ['store'], date: 'date', target: 'sales', freq: 'D', h: 42, knownFuture: ['promo', 'open', 'state_holiday', 'school_holiday'],
      zeroWhen: { column: 'open', value: '0' }, completeOnly: true,
    }, [getModel('snaive'), lighter('gbdt', { numRounds: 150, quantileRounds: 40 })], 3);
    console.log(`rossmann: ${r.chosen} wape ${r.wape?.toFixed(3)}, calibrated 80 % coverage ${(100 * r.share).toFixed(1)} % of ${r.n} open days (the model's own band: ${(100 * (r.uncalibrated ?? NaN)).toFixed(1)} %)`);
    expect(r.n).toBeGreaterThan(84 * 42 * 0.75);
    expect(r.share).toBeGreaterThanOrEqual(0.75);
    expect(r.share).toBeLessThanOrEqual(0.85);
  }, 900_000);
});
