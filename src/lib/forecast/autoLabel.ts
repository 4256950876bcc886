/** The label of `auto` (the backtest's choice among the default candidates) in the Forecast step's lists and charts. */
export const AUTO_LABEL = 'Auto (chosen by backtest)';
