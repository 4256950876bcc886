/**
 * Permutation importance: how much a metric worsens when one feature column is shuffled on validation
 * rows. Model-agnostic: it only needs `predict(frame)`.
 */
import { createRng } from '../data/random';
import type { FeatureFrame } from '../models/protocol';

export interface ImportanceOptions {
  /** Shuffles per feature (default 5). */
  repeats?: number;
  seed?: number;
  /** Error metric, lower is better (default MAE over rows where both values are finite). */
  metric?: (actual: Float32Array, predicted: ArrayLike<number>) => number;
  /** Features to score (default all). */
  features?: string[];
}

export interface FeatureImportance {
  feature: string;
  /** Mean increase of the metric over the repeats. */
  importance: number;
  /** Standard deviation of the increase over the repeats. */
  std: number;
}

/** Mean absolute error over rows where actual and prediction are finite. */
export function maeMetric(actual: Float32Array, predicted: ArrayLike<number>): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < actual.length; i++) {
    const e = Math.abs(actual[i] - predicted[i]);
    if (Number.isFinite(e)) {
      s += e;
      n++;
    }
  }
  return n ? s / n : NaN;
}

/** Permutation importance of every feature of `frame`, sorted by decreasing importance. */
export async function permutationImportance(
  predict: (frame: FeatureFrame) => Float32Array | Float64Array | Promise<Float32Array | Float64Array>,
  frame: FeatureFrame,
  options: ImportanceOptions = {},
): Promise<FeatureImportance[]> {
  const { repeats = 5, seed = 1, metric = maeMetric } = options;
  const rng = createRng(seed);
  const baseline = metric(frame.y, await predict(frame));
  const out: FeatureImportance[] = [];
  for (const feature of options.features ?? frame.names) {
    const j = frame.names.indexOf(feature);
    if (j < 0) throw new Error(`permutationImportance: unknown feature "${feature}"`);
    const deltas: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const shuffled = Float32Array.from(frame.columns[j]);
      for (let i = shuffled.length - 1; i > 0; i--) {
        const k = rng.int(0, i + 1);
        [shuffled[i], shuffled[k]] = [shuffled[k], shuffled[i]];
      }
      const columns = frame.columns.slice();
      columns[j] = shuffled;
      deltas.push(metric(frame.y, await predict({ ...frame, columns })) - baseline);
    }
    const mean = deltas.reduce((a, b) => a + b, 0) / repeats;
    const sd = repeats > 1 ? Math.sqrt(deltas.reduce((a, b) => a + (b - mean) ** 2, 0) / (repeats - 1)) : 0;
    out.push({ feature, importance: mean, std: sd });
  }
  return out.sort((a, b) => b.importance - a.importance);
}
