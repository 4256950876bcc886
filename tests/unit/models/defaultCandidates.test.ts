import { describe, expect, it } from 'vitest';
import { defaultModels } from '../../../src/cli/runCli';
import { DEFAULT_CANDIDATES, getModel, hasModel } from '../../../src/lib/models';

describe('default candidate set', () => {
  it('is one list for the runner and the studio, of registered models of every family issue 9 names', () => {
    expect(defaultModels('W')).toEqual([...DEFAULT_CANDIDATES]);
    for (const m of DEFAULT_CANDIDATES) expect(hasModel(m)).toBe(true);
    const kinds = new Set(DEFAULT_CANDIDATES.map((m) => getModel(m).scope));
    expect(kinds).toEqual(new Set(['local', 'global']));
    for (const m of ['snaive', 'ets', 'theta', 'mstl', 'arima', 'gbdt', 'mlp', 'linear', 'random_forest']) expect(DEFAULT_CANDIDATES).toContain(m);
  });
});
