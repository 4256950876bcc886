import { describe, expect, it } from 'vitest';
import { getModel, modelCatalog, validateOptions, OptionError } from '../../../src/lib/models';

describe('model catalog', () => {
  const cards = Object.fromEntries(modelCatalog().map((c) => [c.name, c]));

  it('lists every registered model with its inputs and capabilities', () => {
    expect(Object.keys(cards)).toEqual(expect.arrayContaining(['snaive', 'mstl', 'arima', 'gbdt', 'mlp', 'lstm', 'tide']));
    expect(cards.snaive).toMatchObject({ scope: 'local', inputs: ['history'], capabilities: { save: false, tune: false, plan: false, backtest: true } });
    expect(cards.arima.inputs).toContain('known_future');
    expect(cards.gbdt).toMatchObject({ scope: 'global', inputs: ['history', 'known_future', 'statics'], capabilities: { save: true, tune: true, explain: true, plan: true, backtest: true } });
    expect(cards.lstm.capabilities).toMatchObject({ save: true, backtest: false });
    expect(JSON.parse(JSON.stringify(cards.gbdt))).toEqual(cards.gbdt);
    // The Models step builds the frame each card asks for: lags from 1 only for the recursive GBDT.
    expect(cards.gbdt_recursive.strategy).toBe('recursive');
    expect([cards.gbdt.strategy, cards.mlp.strategy, cards.linear.strategy, cards.arima.strategy]).toEqual(['direct', 'direct', 'direct', 'direct']);
  });

  it('types each option from its default', () => {
    const lr = cards.gbdt.options.find((o) => o.name === 'learningRate')!;
    expect(lr).toEqual({ name: 'learningRate', type: 'number', default: (getModel('gbdt').defaults as { learningRate: number }).learningRate });
    expect(cards.mlp.options.find((o) => o.name === 'hidden')!.type).toBe('number[]');
    expect(cards.gbdt.options.find((o) => o.name === 'importance')!.type).toBe('boolean');
  });

  it('refuses an unknown or ill-typed option, naming it', () => {
    expect(validateOptions('gbdt', { learningRate: 0.1, numRounds: 50 })).toEqual({ learningRate: 0.1, numRounds: 50 });
    expect(() => validateOptions('gbdt', { epochs: 3 })).toThrow(/no option "epochs"/);
    expect(() => validateOptions('gbdt', { learningRate: '0.1' })).toThrow(/"learningRate".*number/);
    expect(() => validateOptions('mlp', { hidden: [64, 'x'] })).toThrow(/"hidden".*list of numbers/);
    expect(() => validateOptions('gbdt', { numRounds: NaN })).toThrow(OptionError);
    const err = (() => {
      try {
        validateOptions('snaive', { window: 3 });
      } catch (e) {
        return e as OptionError;
      }
      return null;
    })();
    expect(err?.option).toBe('window');
  });
});
