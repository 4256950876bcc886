/**
 * Issue 10's "done means" for the what-if model of the studio's Promo step and `npm run promo`
 * (fitScenarioModel's default: the GBDT with the price-response offset, default features, the category as a
 * series attribute so the cross-item features are built): on the generator with cannibalisation (a second
 * seed, not the CLI test's), the incremental units, the post-promotion dip and the cannibalisation of the
 * same store × category's other item against the generator's truth on the model's own baseline.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRetail, toCsv } from '../../../src/lib/data/generator';
import { getModel } from '../../../src/lib/models';
import { flagCovariates, loadCsv, mapSales, strings, tableColumns, type SqlEngine } from '../../../src/lib/pipeline';
import { openNodeEngine } from '../../../src/lib/pipeline/nodeEngine';
import { answerScenario, fitScenarioModel, parseScenario, type ScenarioAnswer, type ScenarioModel } from '../../../src/lib/promo';

const C = 0.3;
const gen = generateRetail({ stores: 2, items: 6, days: 500, seed: 11, cannibalisation: C });
const dir = mkdtempSync(join(tmpdir(), 'fs-truth-'));
const data = join(dir, 'retail.csv');
writeFileSync(data, toCsv(gen));
// last date 2024-05-14; horizon 28 days: 2024-05-15 … 2024-06-11
const PROMO = { from: '2024-05-20', to: '2024-05-26' };
const DIP_END = '2024-06-02';
const truthItem = (id: string) => gen.truth.items.find((i) => i.item === id.split('/')[1])!;

let engine: SqlEngine;
let model: ScenarioModel;
const groups = new Map<string, string>();

beforeAll(async () => {
  engine = await openNodeEngine();
  await loadCsv(engine, { path: data });
  const covariates = flagCovariates(await tableColumns(engine, 'raw'), { knownFuture: ['price', 'promo', 'promo_type', 'is_holiday'] });
  await mapSales(engine, { id: ['store', 'item'], date: 'date', target: 'sales', freq: 'D', covariates, statics: ['category'] });
  const t = await engine.query(`SELECT concat_ws('/', store, item) AS id, any_value(concat_ws('|', store, category)) AS g FROM raw GROUP BY 1`);
  strings(t, 'id').forEach((id, i) => groups.set(id, strings(t, 'g')[i]));
  const fit = await fitScenarioModel(engine, { freq: 'D', h: 28, model: getModel('gbdt'), fallback: getModel('snaive'), covariates, statics: ['category'] });
  expect(fit.issues.filter((i) => i.level === 'error')).toEqual([]);
  model = fit.model!;
  expect(model.fitted.baseFuture?.names).toContain('cross_promo_share');
}, 300_000);
afterAll(async () => {
  await engine?.close?.();
});

/** Answers a 20 % discount on `id` (with a display or feature flag) and compares it with the truth. */
async function measure(id: string, flag?: 'display' | 'feature') {
  const parsed = parseScenario({ name: id, dipPeriods: 7, promotions: [{ series: [id], ...PROMO, type: 'percent', depth: 0.2, ...(flag ? { [flag]: true } : {}) }] });
  const a: ScenarioAnswer = await answerScenario(engine, model, parsed.scenario!, { groupOf: (x) => groups.get(x) ?? x });
  expect(a.applied.issues.filter((i) => i.level === 'error')).toEqual([]);
  const periods = a.periods!;
  const of = (sid: string, from: string, to: string) => periods.filter((p) => p.unique_id === sid && p.ds >= from && p.ds <= to);
  const it = truthItem(id);
  const lift = Math.pow(0.8, it.elasticity) * gen.truth.promoLift[flag ?? 'tpr'];
  const trueInc = of(id, PROMO.from, PROMO.to).reduce((s, p) => s + (p.baseline ?? 0) * (lift - 1), 0);
  const trueDip = of(id, '2024-05-27', DIP_END).reduce((s, p) => s + (p.baseline ?? 0) * (gen.truth.postPromoDip - 1), 0);
  // the sibling (the other item of the category in the store) is off promotion in the baseline plan, so its
  // demand falls by the factor 1 − C during the promotion
  const sibling = [...groups].filter(([x, g]) => g === groups.get(id) && x !== id).map(([x]) => x);
  expect(sibling).toHaveLength(1);
  const trueCan = of(sibling[0], PROMO.from, PROMO.to).reduce((s, p) => s - C * (p.baseline ?? 0), 0);
  const s = a.result!.series.find((x) => x.unique_id === id)!;
  const can = a.result!.total.cannibalisation;
  console.log(`${id}${flag ? ` (${flag})` : ''} vs truth: incremental ${s.incremental.toFixed(1)} (${trueInc.toFixed(1)}, ${pct(s.incremental, trueInc)}), dip ${s.dip.toFixed(1)} (${trueDip.toFixed(1)}, ${pct(s.dip, trueDip)}), cannibalisation ${can.toFixed(1)} (${trueCan.toFixed(1)}, ${pct(can, trueCan)})`);
  return { inc: s.incremental, trueInc, dip: s.dip, trueDip, can, trueCan };
}
const pct = (v: number, t: number) => `${v / t - 1 >= 0 ? '+' : ''}${(100 * (v / t - 1)).toFixed(0)} %`;

/** Right signs for the dip and cannibalisation, each within its relative bound of the truth. */
function expectWithin(m: Awaited<ReturnType<typeof measure>>, bounds: { inc: number; dip: number; can: number }) {
  expect(Math.abs(m.inc / m.trueInc - 1)).toBeLessThan(bounds.inc);
  expect(m.dip).toBeLessThan(0);
  expect(Math.abs(m.dip / m.trueDip - 1)).toBeLessThan(bounds.dip);
  expect(m.can).toBeLessThan(0);
  expect(Math.abs(m.can / m.trueCan - 1)).toBeLessThan(bounds.can);
}
/** The issue's bounds: incremental ±10 %, dip and cannibalisation ±35 %. */
const GOAL = { inc: 0.1, dip: 0.35, can: 0.35 };

describe('what-if model against the generator truth (seed 11, cannibalisation 0.3)', () => {
  it('a 20 % price cut (tpr): incremental within ±10 %, dip and cannibalisation with the right sign within ±35 %', async () => {
    expectWithin(await measure('store_1/item_01'), GOAL);
  }, 60_000);
  it('a 20 % cut on display on another item: the same bounds', async () => {
    expectWithin(await measure('store_2/item_02', 'display'), GOAL);
  }, 60_000);
  // Before the offset hid the own price and promotion features from the trees this case missed (−11 %
  // incremental, dip +46 %): the trees read the offset's per-series error back as a pooled response.
  it('a 20 % cut with a feature on a third item: the same bounds', async () => {
    expectWithin(await measure('store_2/item_04', 'feature'), GOAL);
  }, 60_000);
});
