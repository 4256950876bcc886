/** Forecast combinations of backtest rows: mean, median and inverse-error weighted. */
import type { BacktestRow } from './types';

export type EnsembleMethod = 'mean' | 'median' | 'inverse_error';

/**
 * Weights ∝ 1 / error, summing to 1. Models with a null or non-finite error get 0; if some errors are 0,
 * those models share the weight equally.
 */
export function inverseErrorWeights(errors: Record<string, number | null>): Record<string, number> {
  const ok = Object.entries(errors).filter((e): e is [string, number] => e[1] !== null && Number.isFinite(e[1]) && e[1] >= 0);
  if (!ok.length) return Object.fromEntries(Object.keys(errors).map((m) => [m, 0]));
  const zeros = ok.filter(([, e]) => e === 0);
  const raw = zeros.length ? ok.map(([m, e]) => [m, e === 0 ? 1 : 0] as const) : ok.map(([m, e]) => [m, 1 / e] as const);
  const total = raw.reduce((s, [, v]) => s + v, 0);
  return { ...Object.fromEntries(Object.keys(errors).map((m) => [m, 0])), ...Object.fromEntries(raw.map(([m, v]) => [m, v / total])) };
}

/** Options of {@link combineRows}. */
export interface CombineOptions {
  /** Model name of the combined rows. */
  name: string;
  method: EnsembleMethod;
  /** Weights per member for `inverse_error` (see {@link inverseErrorWeights}). */
  weights?: Record<string, number>;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Combines the members' rows per series and cutoff (only where every member has a row), point by point;
 * interval bounds are combined the same way (an approximation: averaged quantiles, not a mixture).
 */
export function combineRows(rows: BacktestRow[], members: string[], options: CombineOptions): BacktestRow[] {
  const { name, method } = options;
  const weights = options.weights ?? Object.fromEntries(members.map((m) => [m, 1 / members.length]));
  const groups = new Map<string, Map<string, BacktestRow>>();
  for (const r of rows) {
    if (!members.includes(r.model)) continue;
    const key = `${r.cutoff}|${r.id}`;
    const g = groups.get(key) ?? new Map<string, BacktestRow>();
    g.set(r.model, r);
    groups.set(key, g);
  }
  const out: BacktestRow[] = [];
  for (const g of groups.values()) {
    if (g.size !== members.length) continue;
    const list = members.map((m) => g.get(m)!);
    const combine = (get: (r: BacktestRow) => Float64Array | undefined): Float64Array | undefined => {
      const arrays = list.map(get);
      if (arrays.some((a) => !a)) return undefined;
      return Float64Array.from(arrays[0]!, (_, i) => {
        const xs = arrays.map((a) => a![i]);
        if (method === 'median') return median(xs);
        if (method === 'mean') return xs.reduce((s, x) => s + x, 0) / xs.length;
        return xs.reduce((s, x, k) => s + weights[members[k]] * x, 0);
      });
    };
    const side = (pick: (r: BacktestRow) => Record<number, Float64Array>) =>
      Object.fromEntries(Object.keys(pick(list[0])).flatMap((l) => {
        const c = combine((r) => pick(r)[+l]);
        return c ? [[l, c]] : [];
      }));
    const { fallback: _f, ...first } = list[0];
    void _f;
    out.push({ ...first, model: name, mean: combine((r) => r.mean)!, lo: side((r) => r.lo), hi: side((r) => r.hi) });
  }
  return out;
}
