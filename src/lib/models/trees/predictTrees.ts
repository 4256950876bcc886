/** Fast prediction of tree ensembles on raw feature columns, in row blocks so trees stay in cache. */
import type { Tree, TreeEnsemble } from './types';

const BLOCK = 512;

/** Leaf node reached by row `r`. */
export function leafOf(t: Tree, columns: ArrayLike<number>[], r: number): number {
  const { feature, threshold, left, right, flags, catBits } = t;
  let node = 0;
  let f = feature[0];
  while (f >= 0) {
    const x = columns[f][r];
    const fl = flags[node];
    if (fl & 2) {
      const at = threshold[node];
      const w = x >>> 5;
      const inSet = x >= 0 && x === Math.floor(x) && w < catBits[at] && (catBits[at + 1 + w] >>> (x & 31)) & 1;
      node = inSet ? left[node] : right[node];
    } else if (x !== x) node = fl & 1 ? left[node] : right[node];
    else node = x <= threshold[node] ? left[node] : right[node];
    f = feature[node];
  }
  return node;
}

/** Adds `scale ·` the tree's leaf values to `out[r]` for rows `rows[from..to)` (all rows when `rows` is null). */
export function addTree(t: Tree, columns: ArrayLike<number>[], out: Float64Array, scale: number, rows: Int32Array | null, from: number, to: number): void {
  const v = t.value;
  if (rows) for (let i = from; i < to; i++) out[rows[i]] += scale * v[leafOf(t, columns, rows[i])];
  else for (let r = from; r < to; r++) out[r] += scale * v[leafOf(t, columns, r)];
}

/** Raw scores (before the link) of every row, as Float64Array. */
export function predictRaw(model: TreeEnsemble, columns: ArrayLike<number>[]): Float64Array {
  if (columns.length !== model.numFeatures) throw new Error(`predict: expected ${model.numFeatures} columns, got ${columns.length}`);
  const n = columns.length ? columns[0].length : 0;
  const out = new Float64Array(n);
  const scale = model.combine === 'mean' && model.trees.length ? 1 / model.trees.length : 1;
  for (let b = 0; b < n; b += BLOCK) {
    const e = Math.min(n, b + BLOCK);
    for (const t of model.trees) addTree(t, columns, out, scale, null, b, e);
  }
  for (let r = 0; r < n; r++) out[r] += model.baseScore;
  return out;
}

/** Predictions on the response scale (`exp` applied for log-link objectives). */
export function predictTrees(model: TreeEnsemble, columns: ArrayLike<number>[]): Float32Array {
  const raw = predictRaw(model, columns);
  const out = new Float32Array(raw.length);
  if (model.link === 'log') for (let r = 0; r < raw.length; r++) out[r] = Math.exp(raw[r]);
  else out.set(raw);
  return out;
}
