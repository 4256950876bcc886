/**
 * Hand-off from the `features` table to models: column-major Float32Arrays (NaN for NULL), independent of
 * how apache-arrow was imported — anything with `getChild(name)` works, and so do plain arrays.
 */
import type { FeatureFrame } from '../models/protocol';
import { isoToDay } from '../data/contract';
import type { FeatureColumn } from './featureColumn';

/** An Arrow vector as far as we need it (`toArray` ignores nulls, so `isValid` is consulted). */
export interface VectorLike {
  length: number;
  toArray(): ArrayLike<unknown>;
  nullCount?: number;
  isValid?(i: number): boolean;
}

/** An Arrow table (`getChild`) or a record of plain arrays, with columns unique_id, ds, y and features. */
export type TableLike = { getChild(name: string): VectorLike | null } | Record<string, ArrayLike<unknown>>;

export interface FrameOptions {
  /** Series order for `seriesIndex` (e.g. `TrainData.series` ids); default: sorted distinct unique_id. */
  seriesIds?: string[];
}

function column(table: TableLike, name: string): ArrayLike<unknown> {
  if (typeof (table as { getChild?: unknown }).getChild === 'function') {
    const v = (table as { getChild(n: string): VectorLike | null }).getChild(name);
    if (!v) throw new Error(`frameFromArrow: no column "${name}"`);
    const values = v.toArray();
    if (!v.nullCount || !v.isValid) return values;
    return Array.from({ length: v.length }, (_, i) => (v.isValid!(i) ? values[i] : null));
  }
  const values = (table as Record<string, ArrayLike<unknown>>)[name];
  if (!values) throw new Error(`frameFromArrow: no column "${name}"`);
  return values;
}

function toFloat32(values: ArrayLike<unknown>): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = v === null || v === undefined ? NaN : Number(v);
  }
  return out;
}

/** Days since epoch from an Arrow date (ms number, Date, ISO string, or Int32Array of days). */
function toDays(values: ArrayLike<unknown>): Int32Array {
  const out = new Int32Array(values.length);
  const days = values instanceof Int32Array;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'string') out[i] = isoToDay(v);
    else if (v instanceof Date) out[i] = Math.floor(v.getTime() / 86_400_000);
    else {
      const x = Number(v);
      out[i] = days || Math.abs(x) < 1e7 ? x : Math.floor(x / 86_400_000);
    }
  }
  return out;
}

/** Builds a `FeatureFrame` from the `features` table and the compiler's column metadata. */
export function frameFromArrow(table: TableLike, columns: FeatureColumn[], options: FrameOptions = {}): FeatureFrame {
  const ids = column(table, 'unique_id');
  const order = options.seriesIds ?? [...new Set(Array.from(ids, String))].sort();
  const index = new Map(order.map((id, i) => [id, i]));
  const seriesIndex = new Int32Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const k = index.get(String(ids[i]));
    if (k === undefined) throw new Error(`frameFromArrow: unique_id "${ids[i]}" is not in seriesIds`);
    seriesIndex[i] = k;
  }
  return {
    names: columns.map((c) => c.name),
    timing: columns.map((c) => c.timing),
    categorical: columns.map((c) => c.categorical),
    columns: columns.map((c) => toFloat32(column(table, c.name))),
    y: toFloat32(column(table, 'y')),
    seriesIndex,
    ds: toDays(column(table, 'ds')),
  };
}
