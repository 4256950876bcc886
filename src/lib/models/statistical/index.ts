/** Per-series statistical models. */
export { ets, type EtsOptions, type EtsState } from './ets';
export { mstl, mstlPeriods, type MstlOptions, type MstlState } from './mstl';
export { arima, loadArima, type ArimaOptions, type ArimaState } from './arima';
export { theta, ses, optimiseAlpha, type ThetaOptions, type ThetaState } from './theta';
export { croston, crostonRate, type CrostonOptions, type RateState } from './croston';
export { tsb, tsbRate, type TsbOptions } from './tsb';
export { ensureAugurs, isNode, type AugursKind } from './augursInit';
export { acf, isSeasonal, multiplicativeIndices } from './seasonalIndex';
