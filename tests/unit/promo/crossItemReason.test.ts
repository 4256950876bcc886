/**
 * Cannibalisation needs the cross-item features, and they need a category-like series attribute: on the
 * generator with cannibalisation 0.3, the what-if model fitted without the category says why its
 * cannibalisation is 0 (and it is 0), fitted with it the other item of the store × category loses units.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayToIso, isoToDay } from '../../../src/lib/data/contract';
import { generateRetail, toCsv } from '../../../src/lib/data/generator';
import { getModel } from '../../../src/lib/models';
import { flagCovariates, loadCsv, mapSales, tableColumns, type SqlEngine } from '../../../src/lib/pipeline';
import { openNodeEngine } from '../../../src/lib/pipeline/nodeEngine';
import { answerScenario, fitScenarioModel, parseScenario } from '../../../src/lib/promo';

const gen = generateRetail({ stores: 1, items: 4, days: 400, seed: 11, cannibalisation: 0.3, intermittentShare: 0, stockouts: 0 });
const path = join(mkdtempSync(join(tmpdir(), 'fs-xitem-')), 'retail.csv');
writeFileSync(path, toCsv(gen));
const gbdt = getModel('gbdt');
const model = { ...gbdt, defaults: { ...gbdt.defaults, numRounds: 60 } };
let engine: SqlEngine;

beforeAll(async () => {
  engine = await openNodeEngine();
  await loadCsv(engine, { path });
}, 60_000);
afterAll(async () => {
  await engine?.close?.();
});

/** Fits with or without the category as a series attribute; answers 20 % off item_01 for a week. */
async function run(statics: string[]) {
  const covariates = flagCovariates(await tableColumns(engine, 'raw'), { knownFuture: ['price', 'promo', 'promo_type', 'is_holiday'] });
  await mapSales(engine, { id: ['store', 'item'], date: 'date', target: 'sales', freq: 'D', covariates, statics });
  const fit = await fitScenarioModel(engine, { freq: 'D', h: 21, model, fallback: getModel('snaive'), covariates, statics });
  const parsed = parseScenario({ name: 'x', promotions: [{ series: ['store_1/item_01'], from: fit.model!.horizon.from, to: dayToIso(isoToDay(fit.model!.horizon.from) + 6), type: 'percent', depth: 0.2 }] });
  // every item of the store is a sibling here (one group), so cannibalisation counts the same category's items
  const cat = new Map(gen.truth.items.map((i) => [`store_1/${i.item}`, i.category]));
  const a = await answerScenario(engine, fit.model!, parsed.scenario!, { groupOf: (id) => cat.get(id)! });
  return { issues: fit.issues, can: a.result!.total.cannibalisation };
}

describe('cannibalisation and the category attribute', () => {
  it('without a category: 0, and a warning says why and what to map', async () => {
    const r = await run([]);
    const w = r.issues.find((i) => i.code === 'no_cross_items');
    expect(w?.message).toMatch(/no category-like attribute/);
    expect(w?.hint).toMatch(/--static category/);
    expect(r.can).toBe(0);
  }, 90_000);
  it('with the category: no warning, and the same-category item loses units', async () => {
    const r = await run(['category']);
    expect(r.issues.find((i) => i.code === 'no_cross_items')).toBeUndefined();
    expect(r.can).toBeLessThan(0);
  }, 90_000);
});
