/** Test helpers: TrainData from plain arrays and from the seeded retail generator. */
import type { Freq } from '../../../../src/lib/data/contract';
import { generateRetail, type GeneratorOptions } from '../../../../src/lib/data/generator';
import type { SeriesForecast, TrainData } from '../../../../src/lib/models/protocol';

export const START = 19_000;

export interface SeriesInput {
  id: string;
  y: ArrayLike<number>;
  x?: Record<string, ArrayLike<number>>;
}

/** TrainData with daily (or `freq`) ds starting at START. */
export function makeTrain(series: SeriesInput[], o: { season?: number; freq?: Freq; knownFuture?: string[] } = {}): TrainData {
  return {
    freq: o.freq ?? 'D',
    season: o.season ?? 7,
    knownFuture: o.knownFuture,
    series: series.map((s) => ({
      id: s.id,
      ds: Int32Array.from(s.y, (_, i) => START + i),
      y: Float64Array.from(s.y),
      x: s.x && Object.fromEntries(Object.entries(s.x).map(([k, v]) => [k, Float64Array.from(v)])),
    })),
  };
}

/** The retail sample split into training series and the held-out last `h` values per series. */
export function retailSplit(o: GeneratorOptions, h: number): { train: TrainData; test: Record<string, Float64Array> } {
  const g = generateRetail(o);
  const n = o.days!;
  const series: SeriesInput[] = [];
  const test: Record<string, Float64Array> = {};
  for (let r = 0; r < g.rows; r += n) {
    const id = `${g.columns.store[r]}/${g.columns.item[r]}`;
    series.push({ id, y: g.columns.sales.subarray(r, r + n - h) });
    test[id] = g.columns.sales.slice(r + n - h, r + n);
  }
  return { train: makeTrain(series), test };
}

/** Share of held-out values inside the `level` interval, over all series. */
export function coverage(fc: SeriesForecast[], test: Record<string, Float64Array>, level: number): number {
  let inside = 0;
  let count = 0;
  for (const f of fc) {
    const y = test[f.id];
    for (let i = 0; i < y.length; i++) {
      count++;
      if (y[i] >= f.lo[level][i] && y[i] <= f.hi[level][i]) inside++;
    }
  }
  return inside / count;
}

/** Mean absolute error of a forecast against actuals. */
export function mae(pred: ArrayLike<number>, actual: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < actual.length; i++) s += Math.abs(pred[i] - actual[i]);
  return s / actual.length;
}
