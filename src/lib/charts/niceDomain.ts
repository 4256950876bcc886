import { scaleLinear } from 'd3';

/** Options of {@link niceDomain}. */
export interface NiceDomainOptions {
  /** Stretch the domain to contain 0 (bars, residuals). Default false. */
  includeZero?: boolean;
  /** Approximate tick count used for rounding. Default 5. */
  ticks?: number;
}

/**
 * Extent of all finite values across `arrays`, rounded outward to nice tick values.
 * All-missing input gives [0, 1]; a constant value `v` gives a domain around it.
 */
export function niceDomain(arrays: ArrayLike<number>[], options: NiceDomainOptions = {}): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (options.includeZero) {
    lo = Math.min(lo, 0);
    hi = Math.max(hi, 0);
  }
  if (lo > hi) return [0, 1];
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  const d = scaleLinear().domain([lo, hi]).nice(options.ticks ?? 5).domain();
  // + 0 turns a -0 from nice() into 0.
  return [d[0] + 0, d[1] + 0];
}
