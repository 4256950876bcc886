/**
 * Forecast decomposition for global models: each covariate group (promotions, prices, holidays) is
 * switched to its neutral value — the value it most often takes in that series' history (no promotion,
 * the regular price, an ordinary day) — on the future rows, and the model predicts again. A group's
 * contribution is the forecast minus that neutral forecast; the baseline is the forecast with every group
 * neutral (level, seasonality and lags only).
 */
import type { FeatureFrame, ModelSpec, PredictRequest, TrainData } from '../protocol';
import type { Fitted } from '../protocol';

export interface Decomposition {
  id: string;
  baseline: Float64Array;
  /** Contribution per group, aligned with the forecast steps. */
  contributions: Record<string, Float64Array>;
}

/** Most frequent value of `col` over the rows in `rows` (ties: the smaller value). */
function mode(col: Float32Array, rows: number[]): number {
  const counts = new Map<number, number>();
  for (const r of rows) if (Number.isFinite(col[r])) counts.set(col[r], (counts.get(col[r]) ?? 0) + 1);
  let best = NaN;
  let n = -1;
  for (const [v, c] of counts) if (c > n || (c === n && v < best)) [best, n] = [v, c];
  return best;
}

function neutralFrame(frame: FeatureFrame, columns: number[], train: TrainData): FeatureFrame {
  const last = train.series.map((s) => s.ds[s.ds.length - 1]);
  const history: number[][] = train.series.map(() => []);
  for (let r = 0; r < frame.y.length; r++) if (Number.isFinite(frame.y[r]) && frame.ds[r] <= last[frame.seriesIndex[r]]) history[frame.seriesIndex[r]].push(r);
  const out = frame.columns.slice();
  for (const c of columns) {
    const src = frame.columns[c];
    const neutral = history.map((rows) => mode(src, rows));
    const col = src.slice();
    for (let r = 0; r < col.length; r++) if (frame.ds[r] > last[frame.seriesIndex[r]]) col[r] = neutral[frame.seriesIndex[r]];
    out[c] = col;
  }
  return { ...frame, columns: out };
}

/**
 * Decomposes a fitted global model's forecast by covariate group. `groups` maps a group name to the
 * indices of its feature columns (e.g. by the feature's family: promo, price, holiday).
 */
export async function decomposeForecast(spec: ModelSpec<never>, fitted: Fitted, train: TrainData, req: PredictRequest, groups: Record<string, number[]>): Promise<Decomposition[]> {
  if (!train.features) throw new Error('decomposeForecast: needs a feature frame');
  const predict = async (frame: FeatureFrame) => spec.predict(fitted, { ...train, features: frame }, { ...req, levels: [80] });
  const full = await predict(train.features);
  const names = Object.keys(groups).filter((g) => groups[g].length);
  const all = await predict(neutralFrame(train.features, names.flatMap((g) => groups[g]), train));
  const out: Decomposition[] = full.map((f, i) => ({ id: f.id, baseline: Float64Array.from(all[i].mean), contributions: {} }));
  for (const g of names) {
    const without = await predict(neutralFrame(train.features, groups[g], train));
    full.forEach((f, i) => (out[i].contributions[g] = Float64Array.from(f.mean, (m, j) => m - without[i].mean[j])));
  }
  return out;
}
