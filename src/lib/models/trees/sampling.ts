/** Row and feature selection helpers shared by the tree fitters. */
import type { Rng } from '../../data/random';
import type { TreeData } from './types';

/** Drops `undefined` fields so they do not override defaults. */
export function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Indices of rows with a finite target. */
export function finiteRows(y: Float32Array): Int32Array {
  let m = 0;
  for (let i = 0; i < y.length; i++) if (Number.isFinite(y[i])) m++;
  const rows = new Int32Array(m);
  for (let i = 0, k = 0; i < y.length; i++) if (Number.isFinite(y[i])) rows[k++] = i;
  return rows;
}

/** Each row kept with probability `frac` (at least one row). */
export function sampleRows(rows: Int32Array, frac: number, rng: Rng): Int32Array {
  const out = new Int32Array(rows.length);
  let m = 0;
  for (let i = 0; i < rows.length; i++) if (rng.next() < frac) out[m++] = rows[i];
  if (!m) out[m++] = rows[rng.int(0, rows.length)];
  return out.subarray(0, m);
}

/** `round(F · frac)` distinct features (at least one), ascending. */
export function sampleFeatures(F: number, frac: number, rng: Rng): Int32Array {
  const all = allFeatures(F);
  const k = Math.max(1, Math.min(F, Math.round(F * frac)));
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(0, F - i);
    const s = all[i];
    (all[i] = all[j]), (all[j] = s);
  }
  return all.subarray(0, k).sort();
}

/** Every feature index 0..F−1. */
export const allFeatures = (F: number): Int32Array => Int32Array.from({ length: F }, (_, f) => f);

/** Throws when `data` does not have `F` columns as long as `y`. */
export function checkShape(data: TreeData, F: number, what: string): void {
  if (data.columns.length !== F) throw new Error(`${what}: expected ${F} columns, got ${data.columns.length}`);
  for (const [j, col] of data.columns.entries())
    if (col.length !== data.y.length) throw new Error(`${what}: column ${j} has ${col.length} rows, y has ${data.y.length}`);
}
