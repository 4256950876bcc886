import { localModel } from './localModel';
import { snaiveFit, snaiveForecast, type SnaiveState } from './fallback';

/** Options of seasonal naive. */
export interface SeasonalNaiveOptions {
  /** Seasonal period; 0 uses the data's season. */
  period: number;
}

const periodOf = (o: SeasonalNaiveOptions, season: number) => Math.max(1, o.period || season);

/** Seasonal naive: ŷ(h) = y[T − m + ((h − 1) mod m)]; sd = σ·√(⌊(h − 1)/m⌋ + 1) (fpp3 §5.5). */
export const seasonalNaive = localModel<SeasonalNaiveOptions, SnaiveState>(
  {
    name: 'snaive',
    label: 'Seasonal naive',
    kind: 'baseline',
    description: 'Repeats the last season (same weekday last week, same month last year).',
    defaults: { period: 0 },
    minLength: (season) => season + 1,
    suggest: 'naive',
  },
  {
    fitOne: (s, train, o) => snaiveFit(s.y, periodOf(o, train.season)),
    forecastOne: (st, _s, _t, _o, req) => snaiveForecast(st, req.h),
  },
);
