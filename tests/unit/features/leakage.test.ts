import { describe, expect, it } from 'vitest';
import { assertNoLeak, compileFeatures, customTiming, LeakageError, type FeatureColumn, type FeatureSpec } from '../../../src/lib/features';
import { fixtureContext } from '../../shared/featureSuite';

const names = (cols: FeatureColumn[]) => cols.map((c) => c.name);
const col = (over: Partial<FeatureColumn>): FeatureColumn => ({ name: 'f', family: 'lag', timing: 'past_only', categorical: false, description: '', ...over });

describe('leakage: the compiler refuses features a model could not know', () => {
  const spec: FeatureSpec = { calendar: false, covariates: { knownFuture: true, lags: { customers: [3, 7] } }, lags: { lags: [1, 7, 14], windows: [7] } };

  it('direct h = 7: lag 1 is refused with an error, lags ≥ 7 and windows ending at 7 are kept', () => {
    const c = compileFeatures(spec, fixtureContext(7, 'direct'));
    expect(names(c.columns)).toEqual(expect.arrayContaining(['y_lag7', 'y_lag14', 'y_mean7_lag7', 'customers_lag7', 'price']));
    for (const leaky of ['y_lag1', 'customers_lag3']) {
      expect(names(c.columns)).not.toContain(leaky);
      expect(c.issues.find((i) => i.where === leaky)).toMatchObject({ level: 'error', code: 'leaky_feature' });
    }
    expect(c.select).not.toContain('"y_lag1"');
  });

  it('recursive h = 7: y lags ≥ 1 are allowed and marked recursive; past-only covariates still need ≥ h', () => {
    const c = compileFeatures(spec, fixtureContext(7, 'recursive'));
    expect(c.columns.find((x) => x.name === 'y_lag1')).toMatchObject({ recursive: true, lag: 1 });
    expect(c.columns.find((x) => x.name === 'y_mean7_lag1')).toMatchObject({ recursive: true });
    expect(names(c.columns)).not.toContain('customers_lag3');
    expect(c.columns.find((x) => x.name === 'customers_lag7')?.recursive).toBeFalsy();
  });

  it('an explicit rolling lag shorter than h is refused for direct models', () => {
    const c = compileFeatures({ calendar: false, lags: { windows: [3], rollingLag: 1 } }, fixtureContext(7, 'direct'));
    expect(names(c.columns)).not.toContain('y_mean3_lag1');
    expect(c.issues.some((i) => i.code === 'leaky_feature' && i.where === 'y_mean3_lag1')).toBe(true);
  });

  it('custom features equal to y or lead(y) are past_only lag 0 and refused for any h ≥ 1', () => {
    const custom = [
      { name: 'copy_y', sql: 'y' },
      { name: 'next_y', sql: 'lead(y) OVER (PARTITION BY unique_id ORDER BY ds)' },
      { name: 'mixed', sql: 'lag(y, 7) OVER (PARTITION BY unique_id ORDER BY ds) + y' },
      { name: 'cust', sql: 'customers * 2' },
    ];
    for (const strategy of ['direct', 'recursive'] as const) {
      const c = compileFeatures({ calendar: false, covariates: false, custom }, fixtureContext(1, strategy));
      expect(c.columns).toEqual([]);
      expect(c.issues.filter((i) => i.code === 'leaky_feature').map((i) => i.where)).toEqual(custom.map((f) => f.name));
    }
    expect(customTiming('lead(y) OVER (ORDER BY ds)', fixtureContext(1))).toEqual({ timing: 'past_only', lag: 0 });
    expect(customTiming('lag("y", 14) OVER (PARTITION BY unique_id ORDER BY ds)', fixtureContext(1))).toEqual({ timing: 'past_only', lag: 14 });
    expect(customTiming("price * (ptype = 'y')", fixtureContext(1))).toEqual({ timing: 'known_future' });
    expect(customTiming('2 * pi()', fixtureContext(1))).toEqual({ timing: 'static' });
  });

  it('compiled feature sets always pass assertNoLeak', () => {
    for (const h of [1, 3, 7, 30])
      for (const strategy of ['direct', 'recursive'] as const) {
        const c = compileFeatures({ ...spec, lags: { lags: [1, 2, 7, 28], windows: [7, 28], ewmaAlphas: [0.3], lastYear: true } }, fixtureContext(h, strategy));
        expect(() => assertNoLeak(c.columns, h, strategy)).not.toThrow();
      }
  });
});

describe('assertNoLeak', () => {
  it('throws a LeakageError naming the leaky feature', () => {
    const cols = [col({ name: 'ok', lag: 7 }), col({ name: 'bad_lag1', lag: 1 }), col({ name: 'cal', timing: 'known_future' })];
    let err: unknown;
    try {
      assertNoLeak(cols, 7, 'direct');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LeakageError);
    expect((err as Error).name).toBe('LeakageError');
    expect((err as Error).message).toContain('bad_lag1');
    expect((err as Error).message).not.toContain('"ok"');
  });
  it('accepts recursive lags ≥ 1 only when the feature is rebuilt from forecasts', () => {
    expect(() => assertNoLeak([col({ lag: 1, recursive: true })], 7, 'recursive')).not.toThrow();
    expect(() => assertNoLeak([col({ lag: 1 })], 7, 'recursive')).toThrow(LeakageError);
    expect(() => assertNoLeak([col({ lag: 0, recursive: true })], 7, 'recursive')).toThrow(LeakageError);
    expect(() => assertNoLeak([col({ lag: 1, recursive: true })], 7, 'direct')).toThrow(LeakageError);
  });
  it('treats a past_only feature without a lag as lag 0', () => {
    expect(() => assertNoLeak([col({})], 1, 'direct')).toThrow(/own period/);
    expect(() => assertNoLeak([col({ timing: 'static' })], 1, 'direct')).not.toThrow();
  });
});
