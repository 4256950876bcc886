import { describe, expect, it } from 'vitest';
import { getModel, hasModel, listModels, modelsFor, naive, registerModel, unregisterModel, type ModelSpec } from '../../../../src/lib/models';

describe('model registry', () => {
  it('holds the built-in models under their short names', () => {
    expect(listModels().map((m) => m.name)).toEqual(
      expect.arrayContaining(['naive', 'snaive', 'moving_average', 'drift', 'ets', 'mstl', 'arima', 'theta', 'croston', 'tsb']),
    );
    expect(getModel('naive')).toBe(naive);
    expect(getModel('mstl').kind).toBe('statistical');
    expect(() => getModel('prophet')).toThrow(/unknown model "prophet"/);
  });
  it('adds a model with one call', () => {
    const spec: ModelSpec<{ k: number }> = { ...naive, name: 'test_model', defaults: { k: 1 } } as unknown as ModelSpec<{ k: number }>;
    registerModel(spec);
    try {
      expect(hasModel('test_model')).toBe(true);
      expect(() => registerModel({ ...spec, name: 'Bad Name' })).toThrow(/bad model name/);
    } finally {
      // Test files share one module registry per worker (vitest isolate: false): leave the registry as found.
      expect(unregisterModel('test_model')).toBe(true);
    }
    expect(hasModel('test_model')).toBe(false);
  });
  it('tells which models a short series can use', () => {
    const names = modelsFor(12, 7, 28).map((m) => m.name);
    expect(names).toContain('snaive');
    expect(names).toContain('ets');
    expect(names).not.toContain('mstl'); // needs 2·7 + 1 = 15
    expect(names).not.toContain('arima'); // needs 20
  });
});
