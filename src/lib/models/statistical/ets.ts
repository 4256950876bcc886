import { localModel } from '../baselines/localModel';
import { ensureAugurs } from './augursInit';
import { AUGURS_LEVEL, fromAugurs } from './augursForecast';

/** Options of AutoETS. */
export interface EtsOptions {
  /** augurs model spec: error, trend, season letters (Z = search); seasonal specs are not supported. */
  spec: string;
}

/** AutoETS keeps no wasm object in its state (not serialisable): predict refits, which is deterministic. */
export interface EtsState {
  n: number;
}

async function fitAutoEts(y: Float64Array, spec: string) {
  const { AutoETS } = await ensureAugurs('ets');
  const model = new AutoETS(1, spec);
  try {
    model.fit(y);
    return model;
  } catch (e) {
    model.free();
    throw e;
  }
}

/**
 * AutoETS (non-seasonal) from `@bsull/augurs/ets`: picks error/trend form by AICc. Intervals are augurs'
 * own (they grow with the horizon); on constant + noise data their 80 % coverage is checked in the tests.
 */
export const ets = localModel<EtsOptions, EtsState>(
  {
    name: 'ets',
    label: 'AutoETS',
    kind: 'statistical',
    description: 'Exponential smoothing with automatic error/trend selection (no seasonality; see MSTL).',
    defaults: { spec: 'ZZN' },
    minLength: () => 10,
    suggest: 'naive or moving_average',
  },
  {
    async fitOne(s, _t, o) {
      const model = await fitAutoEts(s.y, o.spec);
      try {
        const f = fromAugurs(model.predict(1, AUGURS_LEVEL / 100));
        if (!Number.isFinite(f.mean[0]) || !Number.isFinite(f.sd[0])) throw new Error('non-finite forecast');
      } finally {
        model.free();
      }
      return { n: s.y.length };
    },
    async forecastOne(_st, s, _t, o, { h }) {
      const model = await fitAutoEts(s.y, o.spec);
      try {
        return fromAugurs(model.predict(h, AUGURS_LEVEL / 100));
      } finally {
        model.free();
      }
    },
  },
);
