/**
 * The guided tour of the studio: one short explanation per stop, each tied to the step of the studio
 * it is about, for a teacher stepping through a class with Next / Back. Pure data and a clamp.
 */

/** The studio's steps (the ids of the header's navigation, src/App.svelte). */
export type TourNavStep = 'data' | 'explore' | 'features' | 'forecast' | 'models' | 'backtest' | 'promo' | 'replenish';

/** One stop of the tour. */
export interface TourStop {
  id: string;
  /** The studio step this stop is about (its navigation item is highlighted). */
  step: TourNavStep;
  title: string;
  /** Two to five plain sentences. */
  text: string;
}

/** Every stop, in the order of the studio's steps. */
export const TOUR_STOPS: readonly TourStop[] = [
  {
    id: 'data', step: 'data', title: 'Data: one row per day and series',
    text: 'Sales history comes in long format: a date, the id of the series (store and item), the quantity sold and what else was known that day (price, promotion, holiday). The studio guesses which column is which; check the guess, then clean: gaps, duplicates, negatives and outliers. The file is read inside this tab and never uploaded.',
  },
  {
    id: 'explore', step: 'explore', title: 'Explore: look before you model',
    text: 'Plot the series before forecasting them. Weekly and yearly patterns (seasonality), a slow drift (trend), the yellow promotion periods and the red flagged outliers are visible here. A spike inside a promotion is not an error: it is the effect the promotion step will measure.',
  },
  {
    id: 'lag', step: 'features', title: 'Features: what is a lag?',
    text: 'A lag is a past value of the series used as an input: lag 7 is the sales of the same day one week earlier. Rolling statistics summarise a window of past values (the mean of the last 28 days). Calendar features (weekday, month), holidays, price and promotion flags describe the day being forecast.',
  },
  {
    id: 'leakage', step: 'features', title: 'Features: why some features leak',
    text: 'A model may only use what will be known when the forecast is made. Next month\'s price and promotion plan are known in advance, so they are fair inputs. Next month\'s footfall or yesterday\'s sales when forecasting 28 days ahead are not: a model trained with them looks brilliant in testing and fails in use. That is leakage; the studio refuses a past-only feature whose lag is shorter than the horizon.',
  },
  {
    id: 'band', step: 'forecast', title: 'Forecast: what an 80 % band means',
    text: 'A forecast is a best guess (the line) and its uncertainty (the bands). An 80 % band should contain the actual value 8 times out of 10: one day in five falls outside, half above and half below. A band that is too narrow promises too much; the backtest checks it by counting how often the actuals fell inside (coverage).',
  },
  {
    id: 'models', step: 'models', title: 'Models: one model for all series',
    text: 'A global model (a neural network, gradient-boosted trees, ridge regression) learns from every series at once on the feature table, so a short or noisy series borrows strength from the others. Its explanation shows which features it relies on and how much of a forecast comes from the baseline, the promotions, the price and the holidays.',
  },
  {
    id: 'backtest', step: 'backtest', title: 'Backtest: how a forecast is tested',
    text: 'A backtest pretends it is an earlier date: it hides everything after a cutoff, forecasts the horizon from there, and compares with what really happened. Repeating this at several cutoffs (rolling origin) gives a fair score for every model. WAPE is the total absolute error as a percent of total sales; MASE below 1 beats a seasonal naive forecast (the same day last week).',
  },
  {
    id: 'elasticity', step: 'promo', title: 'Promo: elasticity and uplift',
    text: 'Price elasticity is the percent change in demand for a 1 % change in price: an elasticity of −2 means a 10 % discount sells about 20 % more. Uplift is the extra units a promotion sold above the baseline (what would have sold without it). On the sample, the truth the generator used is shown beside the studio\'s estimates.',
  },
  {
    id: 'safety', step: 'replenish', title: 'Replenish: what safety stock is',
    text: 'Safety stock is the extra stock kept to cover demand above the forecast while an order is on its way. It grows with the uncertainty of demand over the lead time and with the service level asked for: a 95 % target keeps more than a 90 % one. The reorder point is the expected demand over the lead time plus the safety stock.',
  },
];

/** The stop `delta` away from `index`, kept within the tour (no wrap-around). */
export function moveTour(index: number, delta: number, length: number = TOUR_STOPS.length): number {
  if (!(length > 0)) return 0;
  return Math.min(length - 1, Math.max(0, Math.trunc(index) + Math.trunc(delta)));
}
