import type { CovariateMeta } from '../../src/lib/data/contract';

const ROLE: Record<string, CovariateMeta['role']> = { price: 'price', promo: 'promo', is_holiday: 'holiday' };

/** The generator's numeric covariates, known in the future, with their roles (price, promo, is_holiday). */
export function generatorCovariates(names: Array<'price' | 'promo' | 'is_holiday'> = ['price', 'promo', 'is_holiday']): CovariateMeta[] {
  return names.map((name) => ({ name, source: name, type: 'numeric', timing: 'known_future', role: ROLE[name] }));
}
