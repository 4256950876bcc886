/**
 * A feature table (Arrow) → the models' `TrainData`: the feature frame plus every series' history (the rows
 * with a known y), as typed arrays.
 */
import type { Freq } from '../data/contract';
import type { ArrowLikeTable } from '../data/engine';
import { frameFromArrow, type FeatureColumn } from '../features';
import type { FeatureFrame, TrainData } from '../models/protocol';
import type { FrameMeta } from '../models/global';

/** Options of {@link frameTrainData}. */
export interface FrameTrainOptions {
  columns: FeatureColumn[];
  /** Series order of the frame (the rows come ordered by unique_id, ds). */
  ids: string[];
  freq: Freq;
  season: number;
}

/** TrainData with `features` and the histories from a feature table. */
export function frameTrainData(table: ArrowLikeTable, o: FrameTrainOptions): TrainData {
  const frame = frameFromArrow(table as unknown as Parameters<typeof frameFromArrow>[0], o.columns, { seriesIds: o.ids });
  const counts = new Int32Array(o.ids.length);
  for (let r = 0; r < frame.y.length; r++) if (Number.isFinite(frame.y[r])) counts[frame.seriesIndex[r]]++;
  const ds = o.ids.map((_, i) => new Int32Array(counts[i]));
  const y = o.ids.map((_, i) => new Float64Array(counts[i]));
  const at = new Int32Array(o.ids.length);
  for (let r = 0; r < frame.y.length; r++) {
    if (!Number.isFinite(frame.y[r])) continue;
    const s = frame.seriesIndex[r];
    ds[s][at[s]] = frame.ds[r];
    y[s][at[s]++] = frame.y[r];
  }
  // The compiler's column metadata travels with the frame, as `featuresAt` gives it to the CLI's models: which
  // lags are rebuilt from forecasts (recursive strategy), which columns are own price/promotion or cross-series.
  const features: FeatureFrame & FrameMeta = { ...frame, meta: o.columns, ids: o.ids };
  return { freq: o.freq, season: o.season, series: o.ids.map((id, i) => ({ id, ds: ds[i], y: y[i] })), features };
}
