/**
 * The selected global model's response to price and promotion against the generator's truth: the implied
 * promotion lift (forecast with the planned promo and its price ÷ forecast with no promo at the regular
 * price) and the implied own-price elasticity on promo days (log of the forecast at a 10 % deeper promo
 * price ÷ at the planned one, over log 0.9). Every campaign in the data is discounted, so "a promo at the
 * regular price" never occurs: the elasticity is read where the data vary, in the depth of the discount. Scenarios are rebuilt through the same
 * feature SQL, so every price feature stays consistent.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isoToDay, type CovariateMeta } from '../../../src/lib/data/contract';
import { generateRetail, toCsv } from '../../../src/lib/data/generator';
import { splitAt } from '../../../src/lib/backtest';
import { gbdt } from '../../../src/lib/models';
import { defaultFeatureSpec } from '../../../src/lib/pipeline/defaultFeatureSpec';
import { makeFeaturesAt } from '../../../src/lib/pipeline/featuresAt';
import { loadCsv } from '../../../src/lib/pipeline/loadCsv';
import { loadTrainData } from '../../../src/lib/pipeline/loadTrainData';
import { mapSales } from '../../../src/lib/pipeline/mapSales';
import { openNodeEngine } from '../../../src/lib/pipeline/nodeEngine';
import type { SqlEngine } from '../../../src/lib/pipeline/sqlEngine';

const H = 28;
const g = generateRetail({ stores: 3, items: 6, days: 760, seed: 5, intermittentShare: 0, stockouts: 0 });
const c = g.columns;
const dir = mkdtempSync(join(tmpdir(), 'fs-promo-'));
const path = join(dir, 'gen.csv');
writeFileSync(path, toCsv(g));
let engine: SqlEngine & { close?: () => Promise<void> };

afterAll(async () => {
  await engine?.close?.();
});

/** Fits the GBDT once and reads the implied lift and elasticity off the three scenarios. */
async function measure() {
    engine = await openNodeEngine();
    await loadCsv(engine, { path });
    const covariates: CovariateMeta[] = [
      { name: 'price', source: 'price', timing: 'known_future', role: 'price', type: 'numeric' },
      { name: 'promo', source: 'promo', timing: 'known_future', role: 'promo', type: 'numeric' },
      { name: 'promo_type', source: 'promo_type', timing: 'known_future', role: 'other', type: 'categorical' },
      { name: 'is_holiday', source: 'is_holiday', timing: 'known_future', role: 'holiday', type: 'numeric' },
    ];
    await mapSales(engine, { id: ['store', 'item'], date: 'date', target: 'sales', freq: 'D', covariates });
    const train = await loadTrainData(engine, { freq: 'D', knownFuture: ['price', 'promo', 'promo_type', 'is_holiday'] });
    const last = Math.max(...train.series.map((s) => s.ds[s.ds.length - 1]));
    const spec = defaultFeatureSpec({ freq: 'D', h: H, covariates, historyLength: 760 });
    const featuresAt = await makeFeaturesAt(engine, { freq: 'D', h: H, covariates, spec, seriesIds: train.series.map((s) => s.id) });
    // A cutoff with many future promo days across the series.
    const cutoff = last - H;
    const split = splitAt(train, cutoff, { h: H });
    split.train.features = await featuresAt(cutoff);
    const fitted = await gbdt.fit(split.train, { ...gbdt.defaults, priceResponse: 'offset' }, { seed: 1 });
    const forecast = async () => {
      split.train.features = await featuresAt(cutoff);
      const out = await gbdt.predict(fitted, split.train, { h: H, levels: [80] });
      return new Map(out.map((f) => [f.id, f]));
    };
    // Truth per future promo row: the regular price (the day before its campaign) and expected demand.
    const rows: Array<{ id: string; day: number; price: number; regular: number; expected: number; baseline: number }> = [];
    for (let r = 0; r < g.rows; r++) {
      const day = isoToDay(c.date[r]);
      if (!c.promo[r] || day <= cutoff) continue;
      let k = r - 1;
      while (c.promo[k]) k--;
      rows.push({ id: `${c.store[r]}/${c.item[r]}`, day, price: c.price[r], regular: c.price[k], expected: g.expected[r], baseline: g.baseline[r] });
    }
    expect(rows.length).toBeGreaterThan(40);
    const values = rows.map((x) => `('${x.id}', DATE '${new Date(x.day * 86_400_000).toISOString().slice(0, 10)}', ${x.regular})`).join(', ');
    await engine.exec(`CREATE TEMP TABLE _reg AS SELECT * FROM (VALUES ${values}) v(unique_id, ds, regular)`);
    const at = (m: Map<string, { ds: Int32Array; mean: Float64Array }>, x: (typeof rows)[number]) => {
      const f = m.get(x.id)!;
      return f.mean[f.ds.indexOf(x.day)];
    };
    const actual = await forecast();
    await engine.exec(`UPDATE sales SET price = 0.9 * price FROM _reg WHERE sales.unique_id = _reg.unique_id AND sales.ds = _reg.ds`);
    const deeper = await forecast();
    await engine.exec(`UPDATE sales SET price = _reg.regular FROM _reg WHERE sales.unique_id = _reg.unique_id AND sales.ds = _reg.ds`);
    await engine.exec(`UPDATE sales SET promo = 0 FROM _reg WHERE sales.unique_id = _reg.unique_id AND sales.ds = _reg.ds`);
    const noPromo = await forecast();
    const sum = (f: (x: (typeof rows)[number]) => number) => rows.reduce((s, x) => s + f(x), 0);
    const trueLift = sum((x) => x.expected) / sum((x) => x.baseline);
    const lift = sum((x) => at(actual, x)) / sum((x) => at(noPromo, x));
    // Elasticity: mean over promo rows of log(f(0.9 · price) / f(price)) / log 0.9, against the mean true one.
    const byItem = new Map(g.truth.items.map((it) => [it.item, it.elasticity]));
    const deep = rows;
    const implied = deep.reduce((s, x) => s + Math.log(at(deeper, x) / at(actual, x)), 0) / (deep.length * Math.log(0.9));
    const trueEl = deep.reduce((s, x) => s + byItem.get(x.id.split('/')[1])!, 0) / deep.length;
    console.log(`promo rows ${rows.length}: lift ${lift.toFixed(3)} vs true ${trueLift.toFixed(3)}; elasticity ${implied.toFixed(2)} vs true ${trueEl.toFixed(2)}`);
    return { lift, trueLift, implied, trueEl };
}
let measured: ReturnType<typeof measure> | undefined;

describe('price and promotion response on the generator (global GBDT with the price-response offset, default features)', () => {
  it('implied promotion lift within ±10 % of the truth', async () => {
    const m = await (measured ??= measure());
    expect(Math.abs(m.lift / m.trueLift - 1)).toBeLessThan(0.1);
  }, 300_000);

  // Trees alone flatten the response beyond the discount depths they saw (implied −1.2 against −2.0);
  // the GBDT's log-linear price-response offset (models/global/priceOffset.ts, `priceResponse: 'offset'`,
  // not yet the default: it costs the studio sample's WAPE) carries it instead.
  it('implied own-price elasticity within ±0.3 of the truth', async () => {
    const m = await (measured ??= measure());
    expect(Math.abs(m.implied - m.trueEl)).toBeLessThan(0.3);
  }, 300_000);
});
