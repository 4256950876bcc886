/** Normal prediction intervals shared by the baselines and the statistical models. */

/** Inverse of the standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`normalQuantile: p must be in (0, 1), got ${p}`);
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) =>
    (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** z such that a central `level` % normal interval is mean ± z·sd. */
export function zFor(level: number): number {
  return normalQuantile(0.5 + level / 200);
}

/** Root mean square of the finite residuals, divided by (count − `params`) as in fpp3 §5.5. */
export function residualSd(residuals: ArrayLike<number>, params = 0): number {
  let ss = 0;
  let n = 0;
  for (let i = 0; i < residuals.length; i++) {
    const e = residuals[i];
    if (Number.isFinite(e)) {
      ss += e * e;
      n++;
    }
  }
  return n - params > 0 ? Math.sqrt(ss / (n - params)) : 0;
}

/** Lower/upper bounds per level from a mean and per-step sd; lower bounds are clipped at 0 when `nonNegative`. */
export function normalBounds(
  mean: Float64Array,
  sd: Float64Array,
  levels: number[],
  nonNegative: boolean,
): { lo: Record<number, Float64Array>; hi: Record<number, Float64Array> } {
  const lo: Record<number, Float64Array> = {};
  const hi: Record<number, Float64Array> = {};
  for (const level of levels) {
    const z = zFor(level);
    const l = new Float64Array(mean.length);
    const u = new Float64Array(mean.length);
    for (let i = 0; i < mean.length; i++) {
      l[i] = mean[i] - z * sd[i];
      u[i] = mean[i] + z * sd[i];
      if (nonNegative && l[i] < 0) l[i] = 0;
    }
    lo[level] = l;
    hi[level] = u;
  }
  return { lo, hi };
}
