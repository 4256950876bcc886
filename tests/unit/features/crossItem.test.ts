/**
 * Cross-item features in the feature SQL: each row's values against a direct computation over the other
 * series of its store × category on the same date, the default group from the `series` attributes, and
 * no emission where nothing groups the series or the promotion is not known in advance.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { compileFeatures, crossItemGroup, type CompileContext } from '../../../src/lib/features';
import type { CovariateMeta } from '../../../src/lib/data/contract';
import { createRng } from '../../../src/lib/data/random';
import { openTestDb, type TestDb } from '../../helpers/nodeDb';

let db: TestDb | undefined;
afterAll(() => db?.close());

const known: CovariateMeta[] = [
  { name: 'price', source: 'price', timing: 'known_future', role: 'price', type: 'numeric' },
  { name: 'promo', source: 'promo', timing: 'known_future', role: 'promo', type: 'numeric' },
];
const spec = { promo: { column: 'promo' }, price: { column: 'price', regularWindow: 5 } };
const W = 5;

/** 2 stores × 4 items (2 per category) × 40 days of random prices and promotions. */
function panel() {
  const rng = createRng(3);
  const rows: Array<{ id: string; store: string; cat: string; day: number; price: number; promo: number }> = [];
  for (const store of ['s1', 's2'])
    for (let i = 0; i < 4; i++) {
      const cat = i % 2 ? 'b' : 'a';
      for (let d = 0; d < 40; d++) {
        const promo = rng.next() < 0.3 ? 1 : 0;
        rows.push({ id: `${store}/i${i}`, store, cat, day: d, price: Math.round((2 + i) * (promo ? 1 - 0.1 * rng.int(1, 4) : 1) * 100) / 100, promo });
      }
    }
  return rows;
}

async function build(seriesCols: string, ctx: Partial<CompileContext> = {}, s: object = spec) {
  db ??= await openTestDb();
  const rows = panel();
  db.exec(`CREATE OR REPLACE TABLE sales AS SELECT * FROM (VALUES ${rows.map((r) => `('${r.id}', DATE '2024-01-01' + ${r.day}, 1.0, ${r.price}, ${r.promo})`).join(', ')}) v(unique_id, ds, y, price, promo)`);
  const series = [...new Map(rows.map((r) => [r.id, r])).values()];
  db.exec(`CREATE OR REPLACE TABLE series AS SELECT * FROM (VALUES ${series.map((r) => `('${r.id}', '${r.store}', '${r.id.split('/')[1]}', '${r.cat}')`).join(', ')}) v(unique_id, store, item, category)`);
  const cols = seriesCols.split(',').filter(Boolean);
  db.exec(`CREATE OR REPLACE TABLE series AS SELECT unique_id${cols.map((c) => `, ${c}`).join('')} FROM series`);
  const c = compileFeatures(s, { columns: { unique_id: 'VARCHAR', ds: 'DATE', y: 'DOUBLE', price: 'DOUBLE', promo: 'DOUBLE' }, covariates: known, seriesColumns: cols, freq: 'D', h: 7, strategy: 'direct', ...ctx });
  if (!ctx.covariates) expect(c.issues.filter((i) => i.level === 'error')).toEqual([]);
  return { rows, compiled: c, out: c.columns.some((x) => x.name.startsWith('cross_')) ? db.query<Record<string, number | string>>(c.select) : [] };
}

describe('cross-item features (crossItemFeatures.ts)', () => {
  it('the default group: category × store, none without a category', () => {
    expect(crossItemGroup(['store', 'item', 'category'])).toEqual(['store', 'category']);
    expect(crossItemGroup(['item', 'dept'])).toEqual(['dept']);
    expect(crossItemGroup(['store', 'item'])).toEqual([]);
    expect(crossItemGroup(['sku'])).toEqual([]);
  });

  it('share on promotion, discount depth and relative price of the other items of the same store × category', async () => {
    const { rows, compiled, out } = await build('store,item,category');
    expect(compiled.columns.filter((c) => c.name.startsWith('cross_')).map((c) => [c.name, c.timing])).toEqual([
      ['cross_promo_share', 'known_future'], ['cross_discount', 'known_future'], ['cross_price_rel', 'known_future'],
    ]);
    // direct computation: the regular price is the median of the previous W days of the series
    const byId = new Map<string, typeof rows>();
    for (const r of rows) byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
    const rel = new Map<string, number>();
    for (const [id, list] of byId)
      list.forEach((r, k) => {
        const prev = list.slice(Math.max(0, k - W), k).map((x) => x.price).sort((a, b) => a - b);
        if (!prev.length) return;
        const m = prev.length % 2 ? prev[(prev.length - 1) / 2] : (prev[prev.length / 2 - 1] + prev[prev.length / 2]) / 2;
        rel.set(`${id}|${r.day}`, r.price / m);
      });
    let checked = 0;
    for (const o of out) {
      const day = Math.round((new Date(String(o.ds)).getTime() - Date.UTC(2024, 0, 1)) / 86_400_000);
      const me = rows.find((r) => r.id === o.unique_id && r.day === day)!;
      const sib = rows.filter((r) => r.day === day && r.store === me.store && r.cat === me.cat && r.id !== me.id);
      expect(sib).toHaveLength(1);
      expect(o.cross_promo_share).toBe(sib[0].promo);
      const sr = rel.get(`${sib[0].id}|${day}`);
      const mr = rel.get(`${me.id}|${day}`);
      if (sr === undefined || mr === undefined) continue;
      expect(o.cross_discount).toBeCloseTo(Math.max(0, 1 - sr), 9);
      expect(o.cross_price_rel).toBeCloseTo(mr / sr, 9);
      checked++;
    }
    expect(checked).toBeGreaterThan(250);
  }, 30_000);

  it('an explicit group (the store); nothing without a category, when off, or when the promotion is past-only', async () => {
    const store = await build('store,item', {}, { ...spec, crossItem: { group: ['store'] } });
    const o = store.out.find((x) => x.unique_id === 's1/i0' && String(x.ds) === '2024-01-10')!;
    const others = store.rows.filter((r) => r.store === 's1' && r.id !== 's1/i0' && r.day === 9);
    expect(o.cross_promo_share).toBeCloseTo(others.reduce((a, r) => a + r.promo, 0) / 3, 12);
    expect((await build('store,item')).compiled.columns.some((c) => c.name.startsWith('cross_'))).toBe(false);
    expect((await build('store,item,category', {}, { ...spec, crossItem: false })).compiled.columns.some((c) => c.name.startsWith('cross_'))).toBe(false);
    const past = await build('store,item,category', { covariates: known.map((c) => ({ ...c, timing: 'past_only' as const })) });
    expect(past.compiled.columns.some((c) => c.name.startsWith('cross_'))).toBe(false);
  }, 30_000);
});
