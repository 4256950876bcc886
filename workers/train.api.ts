/** Types of the training worker's comlink API. */
import type { Freq } from '../src/lib/data/contract';
import type { CovariateMeta } from '../src/lib/data/contract';
import type { FeatureSpec } from '../src/lib/features';
import type { BacktestSummary } from '../src/lib/pipeline/backtestSummary';

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

/** A Forecast-step run and its result: the types live with `forecastStep` (src/lib/forecast). */
export type { ForecastRequest, ForecastRunResult, QuantileForecast } from '../src/lib/forecast/forecastStep';
import type { ForecastRequest, ForecastRunResult } from '../src/lib/forecast/forecastStep';

/** A model as the registry declares it: inputs, typed options, capabilities. */
export type ModelInfo = import('../src/lib/models/catalog').ModelCard;

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
  /** The feature spec the table was built with (saved with the model). */
  spec?: FeatureSpec | null;
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

/** A backtest of the studio's `sales` through the pipeline the CLI runs (`backtestSales`). */
export interface BacktestRequest {
  freq: Freq;
  h: number;
  /** Evaluation windows (the last ones; the leaderboard scores them). */
  windows: number;
  /** Earlier windows used only to choose `auto`. */
  selectionWindows: number;
  models: string[];
  /** Covariates of `sales` with timing and role (the mapping's). */
  covariates: CovariateMeta[];
  /** Attributes of the `series` table given to the models as statics. */
  statics: string[];
  /** The Features step's spec for the global models (null: the default spec). */
  spec: FeatureSpec | null;
  /** Metric `auto` is chosen and the leaderboard ranked by (default `wape`). */
  metric?: string;
  /** Seconds the backtest may take (0 or absent: no limit); slow models are stopped and named (`runBacktest`). */
  timeBudget?: number;
}

export type { BacktestSummary, LeaderboardEntry } from '../src/lib/pipeline/backtestSummary';

export interface TrainApi {
  /** Connects the db worker's engine (a port served by `DbApi.connectEngine`); needed by `backtest`. */
  connectEngine(port: MessagePort): Promise<void>;
  /** Rolling-origin backtest of local and global models over every series (features rebuilt at each cutoff). */
  backtest(req: BacktestRequest, onProgress?: (p: Progress) => void): Promise<BacktestSummary>;
  models(): Promise<ModelInfo[]>;
  /** Forecasts every series with each model into the `forecasts` table; the latest call wins (an older one is cancelled). */
  forecast(req: ForecastRequest, onProgress?: (p: Progress) => void): Promise<ForecastRunResult>;
  /** The last run's forecasts (`csv`: the CLI's forecasts.csv columns; `parquet`: the whole table) or its plan (`plan`: CSV). */
  exportForecasts(format: 'csv' | 'parquet' | 'plan'): Promise<Uint8Array>;
  /** Starts the given ('auto' = best) TF.js backend and says which one runs. */
  backend(name: string): Promise<BackendInfo>;
  /** Trains each available backend briefly on the MLP (32→64→64→1, batch 256) and a small LSTM. */
  benchmark(backends: string[], steps?: number): Promise<BenchmarkRow[]>;
  /** Trains a global model on the feature table (Arrow IPC bytes) and forecasts every series. */
  trainGlobal(ipc: Uint8Array, columns: import('../src/lib/features').FeatureColumn[], ids: string[], req: GlobalTrainRequest, onProgress?: (p: Progress) => void): Promise<GlobalTrainResult>;
  /** The last trained global model as a model file (JSON text); `browser` also keeps it in this browser. */
  exportModel(keepInBrowser: boolean): Promise<string>;
  /** Loads a model file (given, or the one kept in this browser); says which model and horizon it has. */
  importModel(text: string | null): Promise<{ model: string; h: number; savedAt: string; spec: FeatureSpec | null; strategy: 'direct' | 'recursive' }>;
  /** Forecasts every series with the loaded model on a freshly built feature table. */
  predictLoaded(ipc: Uint8Array, columns: import('../src/lib/features').FeatureColumn[], ids: string[], req: { freq: Freq; season: number }): Promise<GlobalTrainResult>;
  /** Successive-halving search over a global model's hyper-parameters on the last `h` periods. */
  tune(ipc: Uint8Array, columns: import('../src/lib/features').FeatureColumn[], ids: string[], req: { model: string; freq: Freq; season: number; h: number; configs: number }, onProgress?: (p: Progress) => void): Promise<{ trials: { options: Record<string, unknown>; budget: number; wape: number; round: number }[]; best: Record<string, unknown> | null; bestWape: number }>;
  /** Stops the running job within a second; it returns what it has. */
  cancel(): Promise<void>;
  /** Test hook: exhausts the TF.js backend's memory as a too-big model does (the next job must rebuild it); the failure's message. */
  exhaustMemory(): Promise<string>;
}
