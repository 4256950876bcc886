/**
 * Plain-language explanations of every figure the studio shows: what it is, its unit and what good looks
 * like. Keys are metric names of the metric registry (`wape`, `mase`, `coverage_80`…) and the studio's
 * other figures (`relative_mase`, `failed_series`, `band_80`, `importance`, effects…).
 */

/** One explanation. */
export interface GlossaryEntry {
  /** Short label as shown in a header. */
  label: string;
  /** What it is, in one or two plain sentences. */
  what: string;
  /** Its unit, in words. */
  unit: string;
  /** What a good value looks like. */
  good: string;
}

const pinball = (tau: string, which: string): GlossaryEntry => ({
  label: `pinball ${tau}`,
  what: `Quantile (pinball) loss of the ${which}: misses on the wrong side of the quantile are charged more.`,
  unit: 'units of the target (e.g. units sold), averaged over points',
  good: 'Lower is better; compare models on the same data only.',
});

export const GLOSSARY: Readonly<Record<string, GlossaryEntry>> = {
  mae: { label: 'MAE', what: 'Mean absolute error: the average size of a miss, |forecast − actual|.', unit: 'units of the target (e.g. units sold per period)', good: 'Lower is better; 0 is a perfect forecast.' },
  rmse: { label: 'RMSE', what: 'Root mean squared error: like MAE but large misses weigh more.', unit: 'units of the target', good: 'Lower is better; much above MAE means a few big misses.' },
  mape: { label: 'MAPE', what: 'Mean absolute percentage error: the average miss as a share of the actual; periods with zero sales are skipped.', unit: '% of the actual', good: 'Lower is better; misleading for small or intermittent sales.' },
  smape: { label: 'sMAPE', what: 'Symmetric MAPE: |forecast − actual| divided by the mean of |forecast| and |actual|, averaged.', unit: '%, from 0 to 200', good: 'Lower is better; 0 % is perfect, 200 % is the worst possible.' },
  wape: { label: 'WAPE', what: 'Weighted absolute percentage error: all misses added up, divided by all actual sales added up (Σ|error| / Σ|actual|), over every series and period.', unit: '% of total actual sales', good: 'Lower is better; 30 % means the misses add up to 30 % of what was sold.' },
  mase: { label: 'MASE', what: 'Mean absolute scaled error: each series’ MAE divided by the MAE a seasonal naive forecast (same period last season) had on that series’ own history, then averaged over series.', unit: 'a ratio, no unit', good: 'Lower is better; below 1 beats the in-sample seasonal naive forecast.' },
  rmsse: { label: 'RMSSE', what: 'Root mean squared scaled error: RMSE divided by seasonal naive’s in-sample RMSE, averaged over series.', unit: 'a ratio, no unit', good: 'Lower is better; below 1 beats in-sample seasonal naive.' },
  relative_mase: { label: 'rel. MASE', what: 'This model’s MASE divided by the MASE of seasonal naive (snaive) on the same scored window. For the auto row the baseline is the same: seasonal naive’s MASE on the scored window (auto’s own MASE is that of the model it chose).', unit: 'a ratio, no unit', good: 'Below 1 beats seasonal naive on the scored window; 1.000 is seasonal naive itself.' },
  bias: { label: 'bias', what: 'Mean error, forecast − actual: whether the model over- or under-forecasts on average.', unit: 'units of the target', good: 'Close to 0; positive means it forecasts too high.' },
  pinball_50: pinball('0.5', 'point forecast (median)'),
  pinball_10: pinball('0.1', 'lower bound of the 80 % band'),
  pinball_90: pinball('0.9', 'upper bound of the 80 % band'),
  pinball_025: pinball('0.025', 'lower bound of the 95 % band'),
  pinball_975: pinball('0.975', 'upper bound of the 95 % band'),
  coverage_80: { label: '80 % cov.', what: 'Coverage of the 80 % band: the share of actual values that fell inside the model’s 80 % interval.', unit: '% of points', good: 'Close to 80 %: far below means the band is too narrow (over-confident), far above too wide.' },
  coverage_95: { label: '95 % cov.', what: 'Coverage of the 95 % band: the share of actual values inside the 95 % interval.', unit: '% of points', good: 'Close to 95 %.' },
  width_80: { label: '80 % width', what: 'Mean width of the 80 % band (upper − lower bound).', unit: 'units of the target', good: 'Narrower is better, as long as coverage stays near 80 %.' },
  width_95: { label: '95 % width', what: 'Mean width of the 95 % band.', unit: 'units of the target', good: 'Narrower is better, as long as coverage stays near 95 %.' },
  fit_seconds: { label: 'fit s', what: 'Time spent fitting and forecasting this model over all windows and series (for an ensemble or auto: its members added up).', unit: 'seconds', good: 'Lower is cheaper; weigh it against the accuracy gained.' },
  failed_series: { label: 'fallbacks', what: 'Series where the model failed or gave an implausible forecast (wrong length, not finite, or over 5× the history’s range) and seasonal naive was used instead.', unit: 'number of series', good: '0; a model with fallbacks on over a fifth of the series is never chosen by auto.' },
  rank: { label: '#', what: 'Rank by the ranking metric on the scored (last) window; auto is not ranked because it was chosen on the earlier windows.', unit: 'position, 1 = best', good: '1 is the best model on the scored window.' },
  model: { label: 'model', what: 'The forecasting model. auto is the studio’s own choice, made on the windows before the scored one (never on the window it is scored on), then scored like any model.', unit: '', good: 'auto close to rank 1 means the choice generalises.' },
  band_80: { label: '80 % band', what: 'The range the actual value should fall in 8 times out of 10, if the model’s uncertainty is right.', unit: 'units of the target', good: 'About 80 % of actuals inside it (see 80 % coverage in Backtest).' },
  band_95: { label: '95 % band', what: 'The range the actual value should fall in 19 times out of 20.', unit: 'units of the target', good: 'About 95 % of actuals inside it.' },
  importance: { label: 'importance', what: 'Permutation importance: how much the model’s error on the most recent periods grows when one feature’s values are shuffled (its information destroyed).', unit: '% of a series’ average sales: 5 means the typical miss grows by 5 % of what the series usually sells', good: 'Large = the forecast leans on this feature; near 0 or negative = the model does not use it.' },
  baseline: { label: 'baseline', what: 'What the model forecasts with promotions, price and holidays at their usual values: level, seasonality and recent sales (lags).', unit: 'units of the target, summed over the horizon', good: 'The bulk of the forecast for most series.' },
  promo_effect: { label: 'promo effect', what: 'Forecast minus the forecast with no promotion: the extra sales the model expects from the planned promotions.', unit: 'units of the target, summed over the horizon', good: 'Positive when promotions are planned; 0 when none are.' },
  price_effect: { label: 'price effect', what: 'Forecast minus the forecast at the series’ regular price: the change in sales the model expects from planned price changes.', unit: 'units of the target, summed over the horizon', good: 'Positive for a discount, negative for a price rise.' },
  holiday_effect: { label: 'holiday effect', what: 'Forecast minus the forecast as if every day were ordinary: what the model expects holidays to add or remove.', unit: 'units of the target, summed over the horizon', good: 'Depends on the holidays in the horizon; effects interact, so they need not add up exactly.' },
  loss: { label: 'loss', what: 'The error the network minimises while it learns, on the scaled target (each series divided by its average sales); validation loss is measured on the last horizon held out from training.', unit: 'squared or quantile error of the scaled target (no unit)', good: 'Falling then flat; a validation loss that rises while training loss falls means over-fitting.' },
};

/** The entry for `key`, or null when the glossary has none. */
export function explain(key: string): GlossaryEntry | null {
  return GLOSSARY[key] ?? null;
}

/** One sentence for a tooltip: what it is · unit · what good looks like. */
export function explainText(key: string): string {
  const e = explain(key);
  if (!e) return '';
  return `${e.what}${e.unit ? ` Unit: ${e.unit}.` : ''} ${e.good}`;
}
