/** Types of the training worker's comlink API. */
import type { Freq } from '../src/lib/data/contract';
import type { HistoryBatch } from './db.api';

export interface Progress {
  fraction: number;
  step?: number;
  loss?: number;
  valLoss?: number;
  message?: string;
  samplesPerSec?: number;
}

export interface ModelForecast {
  model: string;
  label: string;
  ds: Int32Array;
  mean: Float64Array;
  lo80: Float64Array;
  hi80: Float64Array;
  lo95: Float64Array;
  hi95: Float64Array;
  fallback?: string;
  seconds: number;
}

export interface ForecastRequest {
  freq: Freq;
  season: number;
  h: number;
  models: string[];
  knownFuture: string[];
}

export interface ModelInfo {
  name: string;
  label: string;
  kind: string;
  scope: 'local' | 'global';
  description: string;
}

export interface BackendInfo {
  backend: string;
  adapter: string | null;
  available: string[];
  /** Why a backend was skipped or replaced (shown to the user). */
  notes: string[];
}

export interface BenchmarkRow {
  backend: string;
  mlpSamplesPerSec: number | null;
  lstmSamplesPerSec: number | null;
  note?: string;
}

export interface GlobalTrainRequest {
  model: string;
  freq: Freq;
  season: number;
  h: number;
  /** 'auto' or a backend name. */
  backend: string;
  options: Record<string, unknown>;
}

export interface GlobalTrainResult {
  model: string;
  backend: BackendInfo;
  ids: string[];
  forecasts: ModelForecast[];
  seconds: number;
  cancelled: boolean;
  /** Tensors alive after training (should not grow from run to run). */
  numTensors: number;
  /** Permutation importance of each feature (MAE increase on the scaled target), largest first. */
  importance: { feature: string; importance: number; std: number }[];
  /** Forecast decomposition per series: baseline plus each covariate group's contribution. */
  decomposition: { id: string; baseline: Float64Array; contributions: Record<string, Float64Array> }[];
}

export interface BacktestRequest {
  freq: Freq;
  season: number;
  h: number;
  windows: number;
  models: string[];
}

export interface BacktestSummary {
  leaderboard: import('../src/lib/backtest').LeaderboardEntry[];
  selected: string;
  best: string;
  cutoffs: number[];
  /** Sum over series of actuals and of the best model's forecasts, per backtest point (for the chart). */
  total: { ds: Int32Array; actual: Float64Array; predicted: Float64Array; rowCutoff: Int32Array };
  /** The best model's residuals (forecast − actual) with their horizon step, all series pooled. */
  residuals: { step: Int32Array; ds: Int32Array; residual: Float64Array };
  /** WAPE of the best model per series, worst first. */
  bySeries: { id: string; wape: number | null; mae: number }[];
  issues: import('../src/lib/data/contract').DataIssue[];
  seconds: number;
  cancelled: boolean;
}

export interface TrainApi {
  /** Rolling-origin backtest of local models over every series; leaderboard, selection and charts' data. */
  backtest(batch: HistoryBatch, req: BacktestRequest, onProgress?: (p: Progress) => void): Promise<BacktestSummary>;
  models(): Promise<ModelInfo[]>;
  /** Forecasts the history batch with each model; the latest call wins (an older one is cancelled). */
  forecast(batch: HistoryBatch, req: ForecastRequest, onProgress?: (p: Progress) => void): Promise<{ forecasts: ModelForecast[]; errors: { model: string; message: string }[] }>;
  /** Starts the given ('auto' = best) TF.js backend and says which one runs. */
  backend(name: string): Promise<BackendInfo>;
  /** Trains each available backend briefly on the MLP (32→64→64→1, batch 256) and a small LSTM. */
  benchmark(backends: string[], steps?: number): Promise<BenchmarkRow[]>;
  /** Trains a global model on the feature table (Arrow IPC bytes) and forecasts every series. */
  trainGlobal(ipc: Uint8Array, columns: import('../src/lib/features').FeatureColumn[], ids: string[], req: GlobalTrainRequest, onProgress?: (p: Progress) => void): Promise<GlobalTrainResult>;
  /** The last trained global model as a model file (JSON text); `browser` also keeps it in this browser. */
  exportModel(keepInBrowser: boolean): Promise<string>;
  /** Loads a model file (given, or the one kept in this browser); says which model and horizon it has. */
  importModel(text: string | null): Promise<{ model: string; h: number; savedAt: string }>;
  /** Forecasts every series with the loaded model on a freshly built feature table. */
  predictLoaded(ipc: Uint8Array, columns: import('../src/lib/features').FeatureColumn[], ids: string[], req: { freq: Freq; season: number }): Promise<GlobalTrainResult>;
  /** Successive-halving search over a global model's hyper-parameters on the last `h` periods. */
  tune(ipc: Uint8Array, columns: import('../src/lib/features').FeatureColumn[], ids: string[], req: { model: string; freq: Freq; season: number; h: number; configs: number }, onProgress?: (p: Progress) => void): Promise<{ trials: { options: Record<string, unknown>; budget: number; wape: number; round: number }[]; best: Record<string, unknown> | null; bestWape: number }>;
  /** Stops the running job within a second; it returns what it has. */
  cancel(): Promise<void>;
}
