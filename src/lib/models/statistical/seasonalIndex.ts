/** Classical multiplicative decomposition helpers used by Theta. */

/** Autocorrelation of `y` at `lag`. */
export function acf(y: ArrayLike<number>, lag: number): number {
  const n = y.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i] / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    den += (y[i] - mean) ** 2;
    if (i >= lag) num += (y[i] - mean) * (y[i - lag] - mean);
  }
  return den > 0 ? num / den : 0;
}

/** The 90 % seasonality test of forecast::thetaf: |r_m| > 1.645·√((1 + 2Σ_{k<m} r_k²)/n). */
export function isSeasonal(y: ArrayLike<number>, m: number): boolean {
  if (m < 2 || y.length < 3 * m) return false;
  let s = 0;
  for (let k = 1; k < m; k++) s += acf(y, k) ** 2;
  return Math.abs(acf(y, m)) > 1.645 * Math.sqrt((1 + 2 * s) / y.length);
}

/**
 * Multiplicative seasonal indices (length m, mean 1, index 0 = position of y[0]) from the ratios of y to
 * its centred moving average (2×m MA for even m).
 */
export function multiplicativeIndices(y: ArrayLike<number>, m: number): number[] {
  const n = y.length;
  const sums = new Array<number>(m).fill(0);
  const counts = new Array<number>(m).fill(0);
  const half = Math.floor(m / 2);
  for (let t = half; t < n - half; t++) {
    let cma = 0;
    if (m % 2 === 1) {
      for (let k = -half; k <= half; k++) cma += y[t + k];
      cma /= m;
    } else {
      for (let k = -half + 1; k < half; k++) cma += y[t + k];
      cma = (cma + 0.5 * (y[t - half] + y[t + half])) / m;
    }
    if (cma > 0) {
      sums[t % m] += y[t] / cma;
      counts[t % m]++;
    }
  }
  const idx = sums.map((s, j) => (counts[j] ? s / counts[j] : 1));
  const mean = idx.reduce((a, b) => a + b, 0) / m;
  return idx.map((v) => v / mean);
}

/** Additive seasonal indices (length m, mean 0, index 0 = position of y[0]): y minus its centred moving average. */
export function additiveIndices(y: ArrayLike<number>, m: number): number[] {
  const n = y.length;
  const sums = new Array<number>(m).fill(0);
  const counts = new Array<number>(m).fill(0);
  const half = Math.floor(m / 2);
  for (let t = half; t < n - half; t++) {
    let cma = 0;
    if (m % 2 === 1) {
      for (let k = -half; k <= half; k++) cma += y[t + k];
      cma /= m;
    } else {
      for (let k = -half + 1; k < half; k++) cma += y[t + k];
      cma = (cma + 0.5 * (y[t - half] + y[t + half])) / m;
    }
    sums[t % m] += y[t] - cma;
    counts[t % m]++;
  }
  const idx = sums.map((s, j) => (counts[j] ? s / counts[j] : 0));
  const mean = idx.reduce((a, b) => a + b, 0) / m;
  return idx.map((v) => v - mean);
}
