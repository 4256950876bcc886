/** Quantile binning of feature columns into Uint8Array bins (bin 0 = missing). */

/** Binning options; defaults: 255 bins, cuts from up to 200,000 sampled rows. */
export interface BinOptions {
  /** Bins per feature including the missing bin, at most 256. */
  maxBins?: number;
  /** Per column: bin by value (non-negative integer codes) instead of by quantile. */
  categorical?: boolean[];
  /** Rows sampled (evenly strided) to compute the quantile cuts. */
  sampleSize?: number;
}

/** Binned features. Numeric value x → bin `1 + #(cuts < x)`; categorical code → `categories` index. */
export interface BinnedFeatures {
  n: number;
  numBins: Int32Array;
  categorical: boolean[];
  /** Numeric: ascending cut points (empty for categorical). Split at bin t ⇔ `x <= cuts[t - 1]`. */
  cuts: Float64Array[];
  /** Categorical: code of each bin (index 0 = missing/rare, NaN). Empty for numeric. */
  categories: Float64Array[];
  /** One Uint8Array per feature, `n` long (column-major). */
  bins: Uint8Array[];
}

const DEFAULTS: Required<Omit<BinOptions, 'categorical'>> = { maxBins: 255, sampleSize: 200_000 };

/** Bins every column: quantile cuts for numeric features, one bin per code for categorical ones. */
export function binFeatures(columns: Float32Array[], options: BinOptions = {}): BinnedFeatures {
  const o = { ...DEFAULTS, ...options };
  if (!(o.maxBins >= 3 && o.maxBins <= 256)) throw new Error(`binFeatures: maxBins must be 3..256, got ${o.maxBins}`);
  const n = columns.length ? columns[0].length : 0;
  const out: BinnedFeatures = {
    n,
    numBins: new Int32Array(columns.length),
    categorical: columns.map((_, f) => !!o.categorical?.[f]),
    cuts: [],
    categories: [],
    bins: [],
  };
  columns.forEach((col, f) => {
    if (col.length !== n) throw new Error(`binFeatures: column ${f} has ${col.length} rows, expected ${n}`);
    const bins = new Uint8Array(n);
    if (out.categorical[f]) {
      const cats = categoryBins(col, o.maxBins);
      const index = new Map<number, number>();
      for (let b = 1; b < cats.length; b++) index.set(cats[b], b);
      for (let i = 0; i < n; i++) bins[i] = index.get(col[i]) ?? 0;
      out.cuts.push(new Float64Array(0));
      out.categories.push(cats);
      out.numBins[f] = cats.length;
    } else {
      const cuts = quantileCuts(col, o.maxBins - 2, o.sampleSize);
      for (let i = 0; i < n; i++) bins[i] = binOf(cuts, col[i]);
      out.cuts.push(cuts);
      out.categories.push(new Float64Array(0));
      out.numBins[f] = cuts.length + 2;
    }
    out.bins.push(bins);
  });
  return out;
}

/** Bin of one numeric value: 0 for NaN, else 1 + number of cuts strictly below it. */
export function binOf(cuts: Float64Array, x: number): number {
  if (x !== x) return 0;
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cuts[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo + 1;
}

/** At most `maxCuts` cut points (midpoints between distinct values) giving near-equal-count bins. */
function quantileCuts(col: Float32Array, maxCuts: number, sampleSize: number): Float64Array {
  const stride = Math.max(1, Math.floor(col.length / sampleSize));
  const sample = new Float64Array(Math.ceil(col.length / stride));
  let m = 0;
  for (let i = 0; i < col.length; i += stride) if (col[i] === col[i]) sample[m++] = col[i];
  const v = sample.subarray(0, m).sort();
  // Distinct values and their counts.
  const vals = new Float64Array(m);
  const counts = new Int32Array(m);
  let d = 0;
  for (let i = 0; i < m; i++) {
    if (d > 0 && vals[d - 1] === v[i]) counts[d - 1]++;
    else (vals[d] = v[i]), (counts[d++] = 1);
  }
  if (d <= maxCuts + 1) {
    const cuts = new Float64Array(Math.max(0, d - 1));
    for (let i = 0; i + 1 < d; i++) cuts[i] = (vals[i] + vals[i + 1]) / 2;
    return cuts;
  }
  const cuts = new Float64Array(maxCuts);
  let c = 0;
  let acc = 0;
  let remaining = m;
  for (let i = 0; i + 1 < d && c < maxCuts; i++) {
    acc += counts[i];
    // Re-target after every cut so one heavy value does not starve the following bins.
    const target = remaining / (maxCuts + 1 - c);
    if (acc >= target || counts[i + 1] >= target) {
      cuts[c++] = (vals[i] + vals[i + 1]) / 2;
      remaining -= acc;
      acc = 0;
    }
  }
  return cuts.slice(0, c);
}

/** Codes of the (maxBins − 1) most frequent non-negative integer values, ascending; index 0 is NaN. */
function categoryBins(col: Float32Array, maxBins: number): Float64Array {
  const freq = new Map<number, number>();
  for (let i = 0; i < col.length; i++) {
    const x = col[i];
    if (x >= 0 && Number.isInteger(x)) freq.set(x, (freq.get(x) ?? 0) + 1);
  }
  const kept = [...freq.entries()]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, maxBins - 1)
    .map(([code]) => code)
    .sort((a, b) => a - b);
  return Float64Array.from([NaN, ...kept]);
}
