import { localModel } from './localModel';
import { snaiveFit, snaiveForecast, type SnaiveState } from './fallback';

/** Naive has no options. */
export type NaiveOptions = Record<string, never>;

/** Naive: ŷ(h) = y_T; sd = σ·√h with σ the sd of the one-step differences (fpp3 §5.5). */
export const naive = localModel<NaiveOptions, SnaiveState>(
  {
    name: 'naive',
    label: 'Naive',
    kind: 'baseline',
    description: 'Repeats the last observation.',
    defaults: {},
    minLength: () => 2,
    suggest: 'a longer history',
  },
  {
    fitOne: (s) => snaiveFit(s.y, 1),
    forecastOne: (st, _s, _t, _o, req) => snaiveForecast(st, req.h),
  },
);
