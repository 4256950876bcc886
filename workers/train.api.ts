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
}

export interface TrainApi {
  models(): Promise<ModelInfo[]>;
  /** Forecasts the history batch with each model; the latest call wins (an older one is cancelled). */
  forecast(batch: HistoryBatch, req: ForecastRequest, onProgress?: (p: Progress) => void): Promise<{ forecasts: ModelForecast[]; errors: { model: string; message: string }[] }>;
  /** Stops the running job within a second; it returns what it has. */
  cancel(): Promise<void>;
}
