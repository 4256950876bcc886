import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/lib/data/random';
import { studyItems } from '../../../src/lib/inventory';
import { getModel } from '../../../src/lib/models';
import type { TrainData } from '../../../src/lib/models/protocol';

// The studio's study (the worker's path) on bad inputs: each gets its own message; good series still get orders.
const rng = createRng(8);
const n = 200;
const train: TrainData = {
  freq: 'D', season: 7,
  series: ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => ({ id, ds: Int32Array.from({ length: n }, (_, i) => 19000 + i), y: Float64Array.from({ length: n }, () => rng.poisson(12)) })),
};

describe('studio study: bad input gets a clear message', () => {
  it('negative stock, lead time 0 or beyond the horizon, service 100 %, MOQ above a year, missing costs, too little history', async () => {
    const res = await studyItems({
      train, model: getModel('snaive'), snaive: getModel('snaive'), h: 14, simulate: 400, samples: 200,
      rows: [{ id: 'a', onHand: -3 }, { id: 'b', leadTime: 30 }, { id: 'c', moq: 1e6 }, { id: 'd', service: 1 }, { id: 'e', leadTime: 0 }, { id: 'f', orderingCost: 5, stockoutCost: 1, holdingCost: 0.01 }],
    });
    const by = (code: string) => res.issues.filter((i) => i.code === code);
    expect(by('negative_stock')[0]).toMatchObject({ level: 'error', where: 'a' });
    expect(by('negative_stock')[0].message).toContain('a: on-hand stock is -3');
    expect(by('lead_time_beyond_horizon')[0].hint).toMatch(/Extend the forecast horizon to at least 31 periods/);
    expect(by('service_out_of_range')[0].message).toContain('100.0 % is not reachable');
    expect(by('lead_time_zero')[0].where).toBe('e');
    expect(by('moq_above_year')[0]).toMatchObject({ level: 'warning', where: 'c' });
    // costs: defaults are marked for the series that gave none, not for f
    expect(by('cost_defaults').map((i) => i.where).sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(res.items.find((i) => i.id === 'f')!.inputs.defaulted).not.toContain('orderingCost');
    expect(res.items.find((i) => i.id === 'c')!.inputs.defaulted).toContain('stockoutCost');
    // 200 periods cannot replay 400: a warning, recommendations still computed without a replay
    expect(by('too_short_for_replay')[0].message).toMatch(/200 periods; replaying 400 periods needs about/);
    expect(res.items.map((i) => i.id).sort()).toEqual(['c', 'f']);
    expect(res.items.every((i) => !i.replay && i.explained.length > 5)).toBe(true);
    // an MOQ of a million is what the order carries
    expect(res.items.find((i) => i.id === 'c')!.orders[0].quantity).toBe(1e6);
  }, 60_000);
});
