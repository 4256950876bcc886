/** HistoryBatch (flat typed arrays from the db worker) → the models' TrainData, without copying values. */
import type { Freq } from '../src/lib/data/contract';
import type { SeriesHistory, TrainData } from '../src/lib/models/protocol';
import type { HistoryBatch } from './db.api';
import { frameFromArrow, type FeatureColumn } from '../src/lib/features';

export function toTrainData(b: HistoryBatch, freq: Freq, season: number, knownFuture: string[]): TrainData {
  const series: SeriesHistory[] = b.ids.map((id, i) => {
    const a = b.offsets[i];
    const z = b.offsets[i + 1];
    const x: Record<string, Float64Array> = {};
    for (const [k, v] of Object.entries(b.covariates)) x[k] = v.subarray(a, z);
    // Leading/trailing missing values cannot be forecast from: trim them; inner ones become 0.
    let s = a;
    let e = z;
    while (s < e && !Number.isFinite(b.y[s])) s++;
    while (e > s && !Number.isFinite(b.y[e - 1])) e--;
    const y = Float64Array.from(b.y.subarray(s, e), (v) => (Number.isFinite(v) ? v : 0));
    for (const k of Object.keys(x)) x[k] = x[k].subarray(s - a, e - a);
    return { id, ds: b.ds.subarray(s, e), y, x };
  });
  return { freq, season, series, knownFuture };
}

/** Feature-table Arrow IPC → TrainData with `features` and the histories (rows with a known y). */
export async function frameTrainData(ipc: Uint8Array, columns: FeatureColumn[], ids: string[], freq: Freq, season: number): Promise<TrainData> {
  const { tableFromIPC } = await import('apache-arrow');
  const frame = frameFromArrow(tableFromIPC(ipc) as unknown as Parameters<typeof frameFromArrow>[0], columns, { seriesIds: ids });
  const counts = new Int32Array(ids.length);
  for (let r = 0; r < frame.y.length; r++) if (Number.isFinite(frame.y[r])) counts[frame.seriesIndex[r]]++;
  const ds = ids.map((_, i) => new Int32Array(counts[i]));
  const y = ids.map((_, i) => new Float64Array(counts[i]));
  const at = new Int32Array(ids.length);
  for (let r = 0; r < frame.y.length; r++) {
    if (!Number.isFinite(frame.y[r])) continue;
    const s = frame.seriesIndex[r];
    ds[s][at[s]] = frame.ds[r];
    y[s][at[s]++] = frame.y[r];
  }
  return { freq, season, series: ids.map((id, i) => ({ id, ds: ds[i], y: y[i] })), features: frame };
}
