import { describe, expect, it } from 'vitest';
import { generateRetail } from '../../../src/lib/data/generator';
import { countQuantileFn, prepareReplay, resolveInputs, runReplay, type PeriodForecast } from '../../../src/lib/inventory';

// Levels are set for lost sales (lostSalesLevel): the simulator loses unmet demand, as a shop does.
// 1 store × 6 items × 2 years, no injected stock-outs: sales are Poisson(μ) with μ known (truth).
const days = 730;
const data = generateRetail({ stores: 1, items: 6, days, stockouts: 0, seed: 21, intermittentShare: 0.34 });
const P = 365;

/** The true demand distribution from period t on: Poisson quantiles (regular items) or no quantiles (count fallback). */
function truthForecast(item: number, withQuantiles: boolean) {
  return (t: number): PeriodForecast[] =>
    Array.from({ length: 8 }, (_, j) => {
      const k = Math.min(days - 1, days - P + t + j);
      const mu = data.expected[item * days + k];
      if (!withQuantiles) return { mean: mu, quantiles: {} };
      const q = countQuantileFn(mu, mu);
      return { mean: mu, quantiles: Object.fromEntries([0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99].map((p) => [p, q(p)])) };
    });
}

describe('policy replay on the generator (true demand distribution)', () => {
  for (const [kind, target] of [['fill_rate', 0.95], ['fill_rate', 0.98]] as const)
    it(`achieved ${kind} is within 2 points of the ${target} target (pooled over items)`, () => {
      let demand = 0;
      let lost = 0;
      for (let i = 0; i < 6; i++) {
        const intermittent = data.truth.items[i].intermittent;
        const y = data.columns.sales.subarray(i * days + days - P, (i + 1) * days);
        const inputs = resolveInputs({ id: `i${i}`, leadTime: 2, review: 1, service: target, serviceKind: kind }, { periodsPerYear: 365 });
        const prep = prepareReplay({ demand: y, forecastAt: truthForecast(i, !intermittent), inputs, samples: 500, seed: 7 + i, withLead: true });
        const r = runReplay(prep, { policy: 'RS' });
        demand += y.reduce((s, v) => s + v, 0);
        lost += r.metrics.lost_units;
        // each item on its own within 3 points (fewer periods, more noise)
        expect(Math.abs(r.metrics.fill_rate - target)).toBeLessThan(intermittent ? 0.05 : 0.03);
      }
      expect(Math.abs(1 - lost / demand - target)).toBeLessThan(0.02);
    });

  it('a cycle-service target of 95 % is met within 3 points on the regular items', () => {
    for (let i = 0; i < 6; i++) {
      if (data.truth.items[i].intermittent) continue;
      const y = data.columns.sales.subarray(i * days + days - P, (i + 1) * days);
      const inputs = resolveInputs({ id: `i${i}`, leadTime: 2, review: 1, service: 0.95 }, { periodsPerYear: 365 });
      const r = runReplay(prepareReplay({ demand: y, forecastAt: truthForecast(i, true), inputs, samples: 500, seed: 3 }), { policy: 'RS' });
      expect(Math.abs(r.metrics.cycle_service_level - 0.95)).toBeLessThan(0.03);
    }
  });
});

describe('policy replay on the generator with a model\'s calibrated forecasts (the CLI / studio path)', () => {
  it('fill-rate target 0.95 on seasonal-naive forecasts with conformal quantiles: achieved within 2 points (pooled)', async () => {
    const { runBacktest } = await import('../../../src/lib/backtest');
    const { getModel } = await import('../../../src/lib/models');
    const { calibrationsByCutoff, demandLevels, replaySeries, poolMetrics, residualDispersion, isIntermittent } = await import('../../../src/lib/inventory');
    const n = 6;
    const train = {
      freq: 'D' as const, season: 7,
      series: Array.from({ length: n }, (_, i) => ({ id: `i${i}`, ds: Int32Array.from({ length: days }, (_, t) => 19000 + t), y: Float64Array.from(data.columns.sales.subarray(i * days, (i + 1) * days)) })),
    };
    const P = 182;
    const h = 9;
    const bt = await runBacktest({ train, models: [getModel('snaive')], h, windows: Math.ceil((P - h) / 7) + 3, step: 7 });
    const cals = calibrationsByCutoff(bt.rows, { h, span: 3 });
    const levels = demandLevels([0.95]);
    const out = train.series.map((s) => {
      const own = bt.rows.filter((r) => r.id === s.id);
      const inputs = resolveInputs({ id: s.id, leadTime: 2, review: 1, service: 0.95, serviceKind: 'fill_rate' }, { periodsPerYear: 365 });
      const hist = s.y.subarray(0, days - P);
      return replaySeries({
        ds: s.ds, y: s.y, periods: P, inputs, model: { rows: own, calibrations: cals }, levels, season: 7, samples: 400, seed: 5, periodsPerYear: 365, reviewGrid: [],
        shape: isIntermittent(hist) ? { intermittent: true, dispersion: residualDispersion(own) } : undefined,
      });
    });
    const pooled = poolMetrics(out.map((r) => r.policy.metrics));
    // independent: served / demand recomputed from the traces
    const demand = train.series.reduce((a, s) => a + s.y.subarray(days - P).reduce((b, v) => b + v, 0), 0);
    const lost = out.reduce((a, r) => a + r.policy.trace.lost.reduce((b, v) => b + v, 0), 0);
    expect(pooled.fill_rate).toBeCloseTo(1 - lost / demand, 9);
    expect(Math.abs(pooled.fill_rate - 0.95)).toBeLessThan(0.02);
  }, 60_000);
});
