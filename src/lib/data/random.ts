/** Seeded pseudo-random numbers (mulberry32) so generated data and model inits are reproducible. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  normal(): number;
  /** Poisson draw (Knuth below 30, normal approximation above). */
  poisson(lambda: number): number;
  int(lo: number, hiExclusive: number): number;
  pick<T>(xs: readonly T[]): T;
}

export function createRng(seed: number): Rng {
  let a = seed >>> 0 || 0x9e3779b9;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  let spare: number | null = null;
  const normal = () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = next();
    const v = next();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
  const poisson = (lambda: number) => {
    if (!(lambda > 0)) return 0;
    if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * normal()));
    const L = Math.exp(-lambda);
    let k = 0;
    let p = 1;
    do {
      k++;
      p *= next();
    } while (p > L);
    return k - 1;
  };
  return {
    next,
    normal,
    poisson,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo)),
    pick: (xs) => xs[Math.floor(next() * xs.length)],
  };
}
