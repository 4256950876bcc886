/**
 * Seasonal-naive arithmetic, shared by the `snaive` model and by the per-series fallback every local
 * model uses when it fails on a series (like statsforecast's `fallback_model`).
 */
import { residualSd } from './intervals';

/** Point forecast and its standard deviation per step. */
export interface StepForecast {
  mean: Float64Array;
  sd: Float64Array;
}

/** Seasonal-naive state: the last `m` observations and the sd of the lag-`m` differences. */
export interface SnaiveState {
  m: number;
  last: number[];
  sigma: number;
}

/** Fits seasonal naive with period `m` (use `m = 1` for naive). Needs at least one observation. */
export function snaiveFit(y: Float64Array, m: number): SnaiveState {
  if (y.length === 0) throw new Error('snaiveFit: empty series');
  const res: number[] = [];
  for (let t = m; t < y.length; t++) res.push(y[t] - y[t - m]);
  return { m, last: Array.from(y.subarray(Math.max(0, y.length - m))), sigma: residualSd(res) };
}

/** ŷ(h) = y[T − m + ((h − 1) mod m)], sd = σ·√(k + 1) with k = ⌊(h − 1)/m⌋ (fpp3 §5.5). */
export function snaiveForecast(s: SnaiveState, h: number): StepForecast {
  const mean = new Float64Array(h);
  const sd = new Float64Array(h);
  for (let i = 0; i < h; i++) {
    mean[i] = s.last[i % s.last.length];
    sd[i] = s.sigma * Math.sqrt(Math.floor(i / s.m) + 1);
  }
  return { mean, sd };
}

/** The fallback forecast: seasonal naive when a full season plus one point exists, else naive. */
export function fallbackForecast(y: Float64Array, season: number, h: number): StepForecast & { method: string } {
  const finite = y.filter(Number.isFinite);
  if (finite.length === 0) return { mean: new Float64Array(h).fill(NaN), sd: new Float64Array(h).fill(NaN), method: 'none' };
  const m = season > 1 && finite.length > season ? season : 1;
  return { ...snaiveForecast(snaiveFit(finite, m), h), method: m > 1 ? 'snaive' : 'naive' };
}
