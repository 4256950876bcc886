/**
 * The default candidate set of `auto`, one list for the headless runner and the studio's Backtest step:
 * seasonal naive (the bar `auto` must clear), the statistical models (ETS, Theta, MSTL, ARIMA with
 * regressors) and the global ones (ridge, GBDT direct and recursive, random forest, MLP), cheapest first so that a time budget
 * drops the slow ones. `auto` chooses among them and their ensembles.
 */
export const DEFAULT_CANDIDATES: readonly string[] = Object.freeze(['snaive', 'ets', 'theta', 'mstl', 'linear', 'gbdt', 'gbdt_recursive', 'random_forest', 'mlp', 'arima']);
