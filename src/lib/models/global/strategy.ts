/** Which lag strategy a model's feature frame is built for (side-effect free: the backtest reads it). */
import type { GlobalOptions } from './types';

/** Lag strategies of the feature frame: `direct` (lags ≥ h) or `recursive` (lags from 1, fed forecasts). */
export type LagStrategy = 'direct' | 'recursive';

/** The strategy of a model's frame: its `GlobalOptions.strategy` default for global models, else direct. */
export function strategyOf(model: { scope: string; defaults: unknown }): LagStrategy {
  return model.scope === 'global' && (model.defaults as GlobalOptions | undefined)?.strategy === 'recursive' ? 'recursive' : 'direct';
}
