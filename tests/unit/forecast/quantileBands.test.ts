import { describe, expect, it } from 'vitest';
import { centralBands, parseQuantiles, type QuantileLevel } from '../../../src/lib/forecast';

const levels = (text: string) => (parseQuantiles(text) as { levels: QuantileLevel[] }).levels;

describe('centralBands: the bands a set of quantiles draws', () => {
  it('the studio default gives 90, 80 and 50 % bands from their mirrored quantiles, widest first', () => {
    const ls = levels('0.05,0.1,0.25,0.5,0.75,0.9,0.95');
    expect(centralBands(ls).map((b) => [b.level, ls[b.lo].label, ls[b.hi].label])).toEqual([
      [90, '0.05', '0.95'],
      [80, '0.1', '0.9'],
      [50, '0.25', '0.75'],
    ]);
  });
  it('0.98 alone makes no band; with 0.02 it makes a 96 % band; order of input does not matter', () => {
    expect(centralBands(levels('0.98,0.5,0.1,0.9')).map((b) => b.level)).toEqual([80]);
    expect(centralBands(levels('0.98,0.02')).map((b) => b.level)).toEqual([96]);
  });
  it('a level outside (0, 1) is refused with a message naming it', () => {
    expect(parseQuantiles('0.1,0,0.9')).toEqual({ error: expect.stringContaining('quantile 0 is outside (0, 1)') });
    expect(parseQuantiles('0.5,abc')).toEqual({ error: 'quantile "abc" is not a number' });
  });
});
