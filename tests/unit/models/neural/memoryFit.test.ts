import { describe, expect, it } from 'vitest';
import { denseParameters, isMemoryError, memoryAdvice, trainingBytes, widthThatFits } from '../../../../src/lib/models/neural/memoryFit';

describe('memoryFit', () => {
  it('counts the weights and biases of a dense network', () => {
    // 10→4→3→2: 10·4+4 + 4·3+3 + 3·2+2 = 44 + 15 + 8
    expect(denseParameters({ inputs: 10, hidden: [4, 3], outputs: 2 })).toBe(67);
  });

  it('estimates training bytes from four copies of the weights and a batch of activations', () => {
    const size = { inputs: 10, hidden: [4, 3], outputs: 2, batchSize: 8 };
    expect(trainingBytes(size)).toBe(4 * (4 * 67 + 8 * (10 + 2 * 7 + 2)));
  });

  it('finds the widest uniform width that fits a budget, by brute force', () => {
    const size = { inputs: 40, hidden: [30000, 30000], outputs: 4, batchSize: 256 };
    const budget = 2 ** 30;
    const w = widthThatFits(size, budget);
    expect(trainingBytes({ ...size, hidden: [w, w] })).toBeLessThanOrEqual(budget);
    expect(trainingBytes({ ...size, hidden: [w + 1, w + 1] })).toBeGreaterThan(budget);
    // 16·w² dominates: w ≈ sqrt(2^30 / 16) ≈ 8192 minus the smaller terms.
    expect(w).toBeGreaterThan(7000);
    expect(w).toBeLessThan(8192);
    expect(widthThatFits({ ...size, batchSize: 1e9 }, budget)).toBe(0);
  });

  it('says the size and what fits', () => {
    const text = memoryAdvice({ inputs: 40, hidden: [30000, 30000], outputs: 4, batchSize: 256 }, 2 ** 30);
    expect(text).toContain('901,'); // 40·30000+30000 + 30000² + 30000 + 30000·4 + 4 ≈ 901.4 million
    expect(text).toMatch(/at most [\d,]+ units \(2 layers, batch 256\)/);
  });

  it('recognises memory errors and not others', () => {
    expect(isMemoryError(new Error('memory access out of bounds'))).toBe(true);
    expect(isMemoryError(new RangeError('Array buffer allocation failed'))).toBe(true);
    expect(isMemoryError(new Error('Aborted(OOM)'))).toBe(true);
    expect(isMemoryError(new Error('mlp: no training rows in the feature frame'))).toBe(false);
  });
});
