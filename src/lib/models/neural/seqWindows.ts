/** Windows over series histories for the sequence models, written into preallocated typed arrays. */
import type { FutureCovariates, SeriesHistory, TrainData } from '../protocol';

/** Shapes and scalers of the windows; part of the sequence model's JSON side object. */
export interface SeqLayout {
  /** Input (look-back) length L and horizon h. */
  inputLength: number;
  horizon: number;
  /** Covariates read over the input window (past-only ones and the history of known-future ones). */
  pastCovariates: string[];
  /** Known-future covariates read over the horizon (`series.x` in training, `future[id]` at predict). */
  futureCovariates: string[];
  statics: string[];
  /** Mean and std of every covariate and static attribute over the training data. */
  scalers: Record<string, [number, number]>;
}

/** Channels per input step: scaled y, then past covariates, then the history of future covariates. */
export const channels = (l: SeqLayout) => 1 + l.pastCovariates.length + l.futureCovariates.length;

/** Preallocated window buffers for up to `cap` windows (row-major, batch first). */
export interface WindowBuffers {
  cap: number;
  past: Float32Array;
  future: Float32Array;
  statics: Float32Array;
  y: Float32Array;
  mask: Float32Array;
  scale: Float32Array;
}

export function windowBuffers(l: SeqLayout, cap: number): WindowBuffers {
  return {
    cap,
    past: new Float32Array(cap * l.inputLength * channels(l)),
    future: new Float32Array(cap * l.horizon * l.futureCovariates.length),
    statics: new Float32Array(cap * l.statics.length),
    y: new Float32Array(cap * l.horizon),
    mask: new Float32Array(cap * l.horizon),
    scale: new Float32Array(cap),
  };
}

/** Mean/std of every named covariate (over all values) and static attribute (over series). */
export function fitScalers(train: TrainData, covariates: string[], statics: string[]): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  const stat = (vals: Iterable<number>): [number, number] => {
    let n = 0, s = 0, ss = 0;
    for (const v of vals) if (Number.isFinite(v)) (n++, (s += v), (ss += v * v));
    const m = n ? s / n : 0;
    const sd = n ? Math.sqrt(Math.max(0, ss / n - m * m)) : 0;
    return [m, sd > 1e-9 ? sd : 1];
  };
  for (const c of covariates) out[c] = stat((function* () { for (const s of train.series) if (s.x?.[c]) yield* s.x[c]; })());
  for (const a of statics) out[`static:${a}`] = stat(train.series.map((s) => s.statics?.[a] ?? NaN));
  return out;
}

/**
 * Writes the window of series `s` whose first forecast step is index `t` into slot `i`: input
 * `y[t−L, t)` divided by its mean |y|, minus 1 (missing or before the start → 0), covariates standardised, target
 * `y[t, t+h)` scaled alike with mask 0 where unknown. `future` (prediction) replaces `x` over the horizon.
 */
export function fillWindow(l: SeqLayout, s: SeriesHistory, t: number, b: WindowBuffers, i: number, future?: FutureCovariates): void {
  const { inputLength: L, horizon: h } = l;
  const C = channels(l);
  let sum = 0, cnt = 0;
  for (let p = Math.max(0, t - L); p < t; p++) if (s.y[p] === s.y[p]) (sum += Math.abs(s.y[p])), cnt++;
  const scale = cnt && sum > 0 ? sum / cnt : 1;
  b.scale[i] = scale;
  const past = b.past.subarray(i * L * C, (i + 1) * L * C);
  past.fill(0);
  const covs = [...l.pastCovariates, ...l.futureCovariates];
  for (let p = 0; p < L; p++) {
    const r = t - L + p;
    if (r < 0) continue;
    const v = s.y[r];
    if (v === v) past[p * C] = v / scale - 1; // centred: missing (0) reads as the window mean
    covs.forEach((c, j) => {
      const x = s.x?.[c]?.[r];
      if (x !== undefined && x === x) past[p * C + 1 + j] = (x - l.scalers[c][0]) / l.scalers[c][1];
    });
  }
  const F = l.futureCovariates.length;
  for (let k = 0; k < h; k++) {
    const r = t + k;
    const v = r < s.y.length ? s.y[r] : NaN;
    b.y[i * h + k] = v === v ? v / scale : 0;
    b.mask[i * h + k] = v === v ? 1 : 0;
    l.futureCovariates.forEach((c, j) => {
      const x = future ? future[c][k] : s.x?.[c]?.[r];
      b.future[(i * h + k) * F + j] = x !== undefined && x === x ? (x - l.scalers[c][0]) / l.scalers[c][1] : 0;
    });
  }
  l.statics.forEach((a, j) => {
    const [m, sd] = l.scalers[`static:${a}`];
    const v = s.statics?.[a];
    b.statics[i * l.statics.length + j] = v !== undefined && Number.isFinite(v) ? (v - m) / sd : 0;
  });
}

/** Samples training windows: all of them (shuffled) when there are ≤ `cap`, else `cap` drawn at random. */
export class WindowSampler {
  private readonly cum: Float64Array;
  readonly total: number;
  constructor(private readonly train: TrainData, private readonly l: SeqLayout) {
    this.cum = new Float64Array(train.series.length + 1);
    train.series.forEach((s, k) => (this.cum[k + 1] = this.cum[k] + Math.max(0, s.y.length - l.inputLength - l.horizon + 1)));
    this.total = this.cum[train.series.length];
  }
  /** Fills `series`/`origin` with `out.length` windows; `next` is a uniform [0, 1) generator. */
  sample(series: Int32Array, origin: Int32Array, next: () => number): void {
    const m = series.length;
    const all = this.total <= m;
    for (let i = 0; i < m; i++) {
      const w = all ? i : Math.floor(next() * this.total);
      let lo = 0, hi = this.train.series.length;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (this.cum[mid] <= w) lo = mid;
        else hi = mid;
      }
      series[i] = lo;
      origin[i] = this.l.inputLength + (w - this.cum[lo]);
    }
    if (all)
      for (let i = m - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [series[i], series[j]] = [series[j], series[i]];
        [origin[i], origin[j]] = [origin[j], origin[i]];
      }
  }
}
