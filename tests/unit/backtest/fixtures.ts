/** Inline models and data for the backtest tests: written against the protocol only. */
import { isoToDay } from '../../../src/lib/data/contract';
import { generateRetail } from '../../../src/lib/data/generator';
import type { ModelSpec, SeriesForecast, SeriesHistory, TrainData } from '../../../src/lib/models/protocol';

type Predict = (s: SeriesHistory, h: number, season: number, future?: Record<string, Float64Array>) => Float64Array;

/** A local model from a per-series point rule; `days` are ds + 1 … ds + h (daily). */
export function ruleModel(name: string, rule: Predict, extra: Partial<ModelSpec> = {}): ModelSpec {
  return {
    name, label: name, kind: 'baseline', scope: 'local', description: name, defaults: {},
    minLength: () => 1,
    fit: async (train) => ({ model: name, state: { n: train.series.length } }),
    predict: async (_f, train, req): Promise<SeriesForecast[]> =>
      train.series.map((s) => ({
        id: s.id,
        ds: Int32Array.from({ length: req.h }, (_, j) => s.ds[s.ds.length - 1] + j + 1),
        mean: rule(s, req.h, train.season, req.future?.[s.id]),
        lo: {},
        hi: {},
      })),
    ...extra,
  };
}

/** Seasonal naive: y[n − m + (j mod m)]. */
export const snaive = ruleModel('snaive', (s, h, m) => Float64Array.from({ length: h }, (_, j) => s.y[s.y.length - m + (j % m)]), { minLength: (m) => m });

/** Mean of the whole history. */
export const meanModel = ruleModel('mean', (s, h) => new Float64Array(h).fill(s.y.reduce((a, b) => a + b, 0) / s.y.length));

/** A daily series starting at `start` with values `y` and optional covariates. */
export function series(id: string, start: number, y: number[], x?: Record<string, number[]>): SeriesHistory {
  return {
    id,
    ds: Int32Array.from(y, (_, i) => start + i),
    y: Float64Array.from(y),
    ...(x ? { x: Object.fromEntries(Object.entries(x).map(([k, v]) => [k, Float64Array.from(v)])) } : {}),
  };
}

/** The seeded retail sample as daily TrainData, one series per store/item, `price` known-future. */
export function retailTrain(options: Parameters<typeof generateRetail>[0]): TrainData {
  const g = generateRetail(options);
  const c = g.columns;
  const out = new Map<string, { ds: number[]; y: number[]; price: number[] }>();
  for (let r = 0; r < g.rows; r++) {
    const id = `${c.store[r]}/${c.item[r]}`;
    const s = out.get(id) ?? { ds: [], y: [], price: [] };
    s.ds.push(isoToDay(c.date[r]));
    s.y.push(c.sales[r]);
    s.price.push(c.price[r]);
    out.set(id, s);
  }
  return {
    freq: 'D',
    season: 7,
    knownFuture: ['price'],
    series: [...out].map(([id, s]) => ({ id, ds: Int32Array.from(s.ds), y: Float64Array.from(s.y), x: { price: Float64Array.from(s.price) } })),
  };
}
