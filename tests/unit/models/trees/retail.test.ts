import { describe, expect, it } from 'vitest';
import { generateRetail } from '../../../../src/lib/data/generator';
import { isoToDay } from '../../../../src/lib/data/contract';
import { fitDecisionTree, fitGbdt, predictTrees } from '../../../../src/lib/models/trees';
import { mae } from './synth';

const HOLDOUT = 28;

/** Feature matrix built in TS from the long table (rows are store-major, then item, then day). */
function retailFrame() {
  const data = generateRetail({ stores: 3, items: 6, days: 500, seed: 7 });
  const c = data.columns;
  const n = data.rows;
  const names = ['dow', 'promo', 'price_ratio', 'store', 'item', 'lag7', 'mean7_lag7', 'holiday'];
  const cols = names.map(() => new Float32Array(n));
  const [dow, promo, ratio, store, item, lag7, mean7, hol] = cols;
  const codes = (xs: string[]) => {
    const m = new Map<string, number>();
    return xs.map((x) => m.get(x) ?? (m.set(x, m.size), m.size - 1));
  };
  const storeCode = codes(c.store);
  const itemCode = codes(c.item);
  const day = new Int32Array(n);
  let first = 0;
  for (let r = 0; r < n; r++) {
    if (r > 0 && (c.store[r] !== c.store[r - 1] || c.item[r] !== c.item[r - 1])) first = r;
    const t = r - first;
    day[r] = t;
    dow[r] = (((isoToDay(c.date[r]) + 3) % 7) + 7) % 7;
    promo[r] = c.promo[r];
    hol[r] = c.is_holiday[r];
    store[r] = storeCode[r];
    item[r] = itemCode[r];
    // Regular price estimated as the highest price of the trailing 8 weeks.
    let reg = 0;
    for (let k = Math.max(first, r - 55); k <= r; k++) reg = Math.max(reg, c.price[k]);
    ratio[r] = c.price[r] / reg;
    lag7[r] = t >= 7 ? c.sales[r - 7] : NaN;
    let s = 0;
    for (let k = 7; k < 14; k++) s += c.sales[r - k];
    mean7[r] = t >= 13 ? s / 7 : NaN;
  }
  const lastDay = 499;
  const pick = (keep: (t: number) => boolean) => {
    const idx = Array.from({ length: n }, (_, r) => r).filter((r) => keep(day[r]));
    return {
      columns: cols.map((col) => Float32Array.from(idx, (r) => col[r])),
      y: Float32Array.from(idx, (r) => c.sales[r]),
    };
  };
  return {
    train: pick((t) => t <= lastDay - HOLDOUT),
    test: pick((t) => t > lastDay - HOLDOUT),
    categorical: names.map((x) => x === 'store' || x === 'item'),
  };
}

describe('GBDT on the seeded retail generator', () => {
  it('beats a single tree on the last 28 days', () => {
    const { train, test, categorical } = retailFrame();
    expect(test.y.length).toBe(3 * 6 * HOLDOUT);
    const tree = fitDecisionTree(train, { maxDepth: 8, minDataInLeaf: 20, categorical });
    const gbdt = fitGbdt(train, { numRounds: 300, learningRate: 0.05, numLeaves: 31, categorical, seed: 7 });
    const pois = fitGbdt(train, { objective: 'poisson', numRounds: 300, learningRate: 0.05, numLeaves: 31, categorical, seed: 7 });
    const eTree = mae(predictTrees(tree, test.columns), test.y);
    const eGbdt = mae(predictTrees(gbdt, test.columns), test.y);
    const ePois = mae(predictTrees(pois, test.columns), test.y);
    console.log(`retail holdout MAE: tree ${eTree.toFixed(3)}, gbdt-l2 ${eGbdt.toFixed(3)}, gbdt-poisson ${ePois.toFixed(3)}`);
    expect(eGbdt).toBeLessThan(eTree);
    expect(ePois).toBeLessThan(eTree);
  });
});
