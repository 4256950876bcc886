/**
 * Quantile levels of the forecast contract: parsing what a user asks for, the default set, column names,
 * and the crossing repair every quantile forecast goes through.
 */

/** 0.05, 0.10, …, 0.95: the default set (the 80 % band is q_0.1 … q_0.9, the 90 % band q_0.05 … q_0.95). */
export const DEFAULT_QUANTILES: readonly number[] = Object.freeze(Array.from({ length: 19 }, (_, i) => Number(((i + 1) * 0.05).toFixed(2))));

/** A quantile level with the text it was asked for as (`0.1` and `0.10` name their columns as given). */
export interface QuantileLevel {
  p: number;
  /** Column-name text: `q_<label>`. */
  label: string;
}

/** Parses `0.1,0.5,0.9`: every level strictly inside (0, 1), no duplicates; sorted ascending. */
export function parseQuantiles(text: string): { levels: QuantileLevel[] } | { error: string } {
  const parts = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (!parts.length) return { error: 'no quantile given (expected e.g. 0.1,0.5,0.9)' };
  const levels: QuantileLevel[] = [];
  for (const label of parts) {
    const p = Number(label);
    if (!/^[0-9.eE+-]+$/.test(label) || !Number.isFinite(p)) return { error: `quantile "${label}" is not a number` };
    if (!(p > 0 && p < 1)) return { error: `quantile ${label} is outside (0, 1): each level must be strictly between 0 and 1` };
    if (levels.some((l) => l.p === p)) return { error: `quantile ${label} is given twice` };
    levels.push({ p, label });
  }
  return { levels: levels.sort((a, b) => a.p - b.p) };
}

/** Levels for plain numbers (labels as JavaScript prints them: 0.1 → "0.1"). */
export function quantileLevels(ps: readonly number[]): QuantileLevel[] {
  for (const p of ps) if (!(p > 0 && p < 1)) throw new Error(`quantile ${p} is outside (0, 1)`);
  return [...new Set(ps)].sort((a, b) => a - b).map((p) => ({ p, label: String(p) }));
}

/** Column name of a level in the `forecasts` table and in CSV exports. */
export function quantileColumn(level: QuantileLevel): string {
  return `q_${level.label}`;
}

/**
 * Repairs quantile crossing at point `i`: `values[k]` holds the forecasts at the k-th level (ascending
 * levels); the values at `i` are sorted so they never decrease with the level (monotone rearrangement).
 */
export function repairCrossing(values: Float64Array[], i: number): void {
  const at = values.map((v) => v[i]).sort((a, b) => a - b);
  values.forEach((v, k) => (v[i] = at[k]));
}

/** The central band a `level` % interval uses: quantiles (1 − level) / 2 and (1 + level) / 2. */
export function bandOf(level: number): [number, number] {
  const a = (100 - level) / 200;
  return [Number(a.toFixed(6)), Number((1 - a).toFixed(6))];
}

/** A central band a set of levels can draw: `level` % between levels `lo` and `hi` (indices into the set). */
export interface CentralBand {
  level: number;
  lo: number;
  hi: number;
}

/**
 * The central bands of `levels`: every pair p, 1 − p (p < 0.5) present in the set, widest first — with the
 * default set 90 % (q0.05–q0.95), 80 % (q0.1–q0.9) and 50 % (q0.25–q0.75). A level without its mirror
 * (0.98 alone) makes no band.
 */
export function centralBands(levels: readonly QuantileLevel[]): CentralBand[] {
  const out: CentralBand[] = [];
  levels.forEach((l, lo) => {
    if (!(l.p < 0.5)) return;
    const hi = levels.findIndex((u) => Math.abs(u.p - (1 - l.p)) < 1e-9);
    if (hi >= 0) out.push({ level: Number(((1 - 2 * l.p) * 100).toFixed(4)), lo, hi });
  });
  return out.sort((a, b) => b.level - a.level);
}
