/**
 * `'log'` when every finite loss is > 0 and they span more than two decades (max / min > 100),
 * else `'linear'`. Non-finite values are ignored; no finite value gives `'linear'`.
 */
export function lossScaleType(...series: ArrayLike<number>[]): 'log' | 'linear' {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
    for (let i = 0; i < s.length; i++) {
      const v = s[i];
      if (!Number.isFinite(v)) continue;
      if (v <= 0) return 'linear';
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi && hi / lo > 100 ? 'log' : 'linear';
}

/** Log-scale domain rounded out to whole decades, e.g. [0.03, 4] → [0.01, 10]. */
export function decadeDomain(...series: ArrayLike<number>[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
    for (let i = 0; i < s.length; i++) {
      const v = s[i];
      if (!(v > 0) || !Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (lo > hi) return [0.1, 1];
  const a = 10 ** Math.floor(Math.log10(lo) + 1e-9);
  const b = 10 ** Math.ceil(Math.log10(hi) - 1e-9);
  return [a, b > a ? b : a * 10];
}
