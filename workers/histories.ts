/** HistoryBatch (flat typed arrays from the db worker) → the models' TrainData, without copying values. */
import type { Freq } from '../src/lib/data/contract';
import type { SeriesHistory, TrainData } from '../src/lib/models/protocol';
import type { HistoryBatch } from './db.api';

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
