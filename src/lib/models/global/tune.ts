/**
 * A small hyper-parameter search for global models: random configurations, then successive halving —
 * every survivor gets a larger budget (boosting rounds or epochs) and only the better half goes on.
 * Each trial fits on the history minus its last `h` periods and is scored by pooled WAPE on them.
 */
import { createRng, type Rng } from '../../data/random';
import type { FitContext, ModelSpec, TrainData } from '../protocol';

export interface Trial {
  options: Record<string, unknown>;
  budget: number;
  wape: number;
  round: number;
}

export interface TuneOptions {
  h: number;
  /** Random configurations to start from. */
  configs?: number;
  seed?: number;
  /** Budget of the first round (rounds or epochs); doubled each round. */
  minBudget?: number;
  /** Options key holding the budget: `numRounds` for trees, `epochs` for networks. */
  budgetKey?: string;
}

/** Search spaces by model: each draws one configuration. */
export const SPACES: Record<string, (rng: Rng) => Record<string, unknown>> = {
  gbdt: (rng) => ({ learningRate: rng.pick([0.03, 0.05, 0.1, 0.2]), numLeaves: rng.pick([15, 31, 63, 127]), minDataInLeaf: rng.pick([10, 20, 40, 80]), colsample: rng.pick([0.6, 0.8, 1]) }),
  random_forest: (rng) => ({ maxDepth: rng.pick([8, 12, 16]), minDataInLeaf: rng.pick([2, 5, 10, 20]), maxFeatures: rng.pick([0.2, 0.33, 0.5]) }),
  mlp: (rng) => ({ hidden: rng.pick([[32], [64, 64], [128, 64], [64, 64, 32]]), learningRate: rng.pick([5e-4, 1e-3, 2e-3, 5e-3]), batchSize: rng.pick([128, 256, 512]) }),
  linear: (rng) => ({ l2: rng.pick([0, 0.1, 1, 10, 100]) }),
};

/** The training data minus each series' last `h` periods, and those periods' actual values. */
export function holdout(train: TrainData, h: number): { fit: TrainData; actual: Map<string, Float64Array> } {
  const actual = new Map<string, Float64Array>();
  const lastKept = new Int32Array(train.series.length);
  const series = train.series.map((s, i) => {
    const n = Math.max(0, s.y.length - h);
    actual.set(s.id, s.y.slice(n));
    lastKept[i] = s.ds[n - 1];
    return { ...s, ds: s.ds.slice(0, n), y: s.y.slice(0, n), x: s.x && Object.fromEntries(Object.entries(s.x).map(([k, v]) => [k, v.slice(0, n)])) };
  });
  let features = train.features;
  if (features) {
    // Rows after the new origin become future rows (their y hidden); rows beyond the old horizon are dropped.
    const keep: number[] = [];
    for (let r = 0; r < features.y.length; r++) {
      const s = features.seriesIndex[r];
      const oldLast = train.series[s].ds[train.series[s].ds.length - 1];
      if (features.ds[r] <= oldLast) keep.push(r);
    }
    const idx = Int32Array.from(keep);
    const y = Float32Array.from(idx, (r) => (features!.ds[r] > lastKept[features!.seriesIndex[r]] ? NaN : features!.y[r]));
    features = { ...features, columns: features.columns.map((c) => Float32Array.from(idx, (r) => c[r])), y, seriesIndex: Int32Array.from(idx, (r) => features!.seriesIndex[r]), ds: Int32Array.from(idx, (r) => features!.ds[r]) };
  }
  return { fit: { ...train, series, features }, actual };
}

/** Successive-halving search; returns every trial and the best configuration (lowest WAPE in the last round). */
export async function successiveHalving(spec: ModelSpec<Record<string, unknown>>, train: TrainData, o: TuneOptions, ctx: FitContext = {}) {
  const rng = createRng(o.seed ?? 1);
  const space = SPACES[spec.name];
  if (!space) throw new Error(`no search space for model "${spec.name}"`);
  const budgetKey = o.budgetKey ?? (spec.kind === 'neural' ? 'epochs' : spec.name === 'linear' ? '' : 'numRounds');
  let budget = o.minBudget ?? (budgetKey === 'epochs' ? 2 : 40);
  let pool = Array.from({ length: o.configs ?? 8 }, () => space(rng));
  const { fit, actual } = holdout(train, o.h);
  const trials: Trial[] = [];
  const total = Math.max(1, Math.ceil(Math.log2(pool.length)) + 1);
  for (let round = 0; pool.length; round++) {
    const scored: { options: Record<string, unknown>; wape: number }[] = [];
    for (const cfg of pool) {
      if (ctx.signal?.cancelled) return { trials, best: trials.sort((a, b) => a.wape - b.wape)[0]?.options ?? null };
      const options = { ...spec.defaults, ...cfg, ...(budgetKey ? { [budgetKey]: budget } : {}), importance: false };
      const fitted = await spec.fit(fit, options, { signal: ctx.signal, seed: o.seed });
      const fc = await spec.predict(fitted, fit, { h: o.h, levels: [80] });
      let e = 0, y = 0;
      for (const f of fc) {
        const a = actual.get(f.id)!;
        for (let j = 0; j < Math.min(a.length, f.mean.length); j++) if (Number.isFinite(a[j]) && Number.isFinite(f.mean[j])) (e += Math.abs(f.mean[j] - a[j])), (y += Math.abs(a[j]));
      }
      const wape = y > 0 ? e / y : NaN;
      trials.push({ options: cfg, budget, wape, round });
      scored.push({ options: cfg, wape });
      ctx.onProgress?.({ fraction: Math.min(0.99, trials.length / ((o.configs ?? 8) * 2)), message: `round ${round + 1}/${total}: WAPE ${wape.toFixed(3)}` });
    }
    if (pool.length === 1) break;
    pool = scored.sort((a, b) => a.wape - b.wape).slice(0, Math.ceil(pool.length / 2)).map((s) => s.options);
    budget *= 2;
  }
  const lastRound = Math.max(...trials.map((t) => t.round));
  const best = trials.filter((t) => t.round === lastRound).sort((a, b) => a.wape - b.wape)[0];
  return { trials, best: best?.options ?? null, bestWape: best?.wape ?? NaN };
}
