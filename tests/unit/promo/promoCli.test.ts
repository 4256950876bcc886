import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePromoArgs } from '../../../src/cli/promoArgs';
import { runPromo } from '../../../src/cli/runPromo';
import { generateRetail, toCsv } from '../../../src/lib/data/generator';

const dir = mkdtempSync(join(tmpdir(), 'fs-promo-'));
const gen = generateRetail({ stores: 2, items: 6, days: 500, seed: 7 });
const data = join(dir, 'retail.csv');
writeFileSync(data, toCsv(gen));
// last date 2024-05-14; horizon of 28 days: 2024-05-15 … 2024-06-11
const flags = ['--data', data, '--id', 'store,item', '--date', 'date', '--target', 'sales', '--freq', 'D', '--h', '28', '--known-future', 'price,promo,promo_type,is_holiday'];
const PROMO = { from: '2024-05-20', to: '2024-05-26' };

function scenarioFile(name: string, json: unknown): string {
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(json));
  return path;
}

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runPromo(argv, { stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
  return { code, out, err: err.join('\n') };
}

describe('npm run promo: flags and bad scenarios', () => {
  it('parses the flags as the issue writes them', () => {
    const o = parsePromoArgs([...flags, '--scenario', 's.json', '--out', 'r.json']);
    expect(o).toMatchObject({ id: ['store', 'item'], freq: 'D', h: 28, knownFuture: ['price', 'promo', 'promo_type', 'is_holiday'], scenario: 's.json', out: 'r.json', model: 'gbdt' });
    expect(parsePromoArgs([...flags, '--out', 'r.json'])).toEqual({ error: 'missing --scenario' });
  });
  it.each([
    ['a 100 % discount', { promotions: [{ series: 'store_1/item_01', ...PROMO, type: 'percent', depth: 1 }] }, /100 %/],
    ['a zero price', { promotions: [{ series: 'store_1/item_01', ...PROMO, type: 'price', price: 0 }] }, /prices must be above zero/],
    ['a promotion outside the horizon', { promotions: [{ series: 'store_1/item_01', from: '2024-06-05', to: '2024-06-20', type: 'percent', depth: 0.2 }] }, /not inside the forecast horizon \(2024-05-15 – 2024-06-11\)/],
    ['an unknown series', { promotions: [{ series: ['store_9/item_01'], ...PROMO, type: 'percent', depth: 0.2 }] }, /not in the data: store_9\/item_01/],
    ['an unknown type', { promotions: [{ series: 'store_1/item_01', ...PROMO, type: 'bogof' }] }, /unknown promotion type "bogof"/],
  ])('exits 2 on %s, saying what is wrong', async (_, json, message) => {
    const r = await run([...flags, '--scenario', scenarioFile('bad', json), '--out', join(dir, 'bad.json')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
  }, 60_000);
  it('the real entry (src/cli/promo.ts, what `npm run promo` runs) exits 2 on an unknown promotion type', () => {
    const scen = scenarioFile('bad_type', { promotions: [{ series: 'store_1/item_01', ...PROMO, type: 'bogof' }] });
    const p = spawnSync('npx', ['tsx', 'src/cli/promo.ts', ...flags, '--scenario', scen, '--out', join(dir, 'bad.json')], { encoding: 'utf8' });
    expect(p.status).toBe(2);
    expect(p.stderr).toMatch(/unknown promotion type "bogof"/);
  }, 90_000);
  it('exits 2 when the model reads no price or promotion column', async () => {
    const r = await run([...flags.slice(0, -1), 'is_holiday', '--scenario', scenarioFile('ok', { promotions: [{ series: 'store_1/item_01', ...PROMO, depth: 0.2 }] }), '--out', join(dir, 'x.json')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/reads neither a price nor a promotion column/);
  }, 60_000);
});

describe('npm run promo: a scenario on the generator against its truth', () => {
  it('writes the decomposition; incremental units and the dip are near the truth for the model', async () => {
    const out = join(dir, 'result.json');
    const scen = scenarioFile('s', { name: '20 % off', dipPeriods: 7, money: { marginPct: 0.3, promoFee: 50, vendorShare: 0.25 }, promotions: [{ series: ['store_1/item_01'], ...PROMO, type: 'percent', depth: 0.2 }] });
    const r = await run([...flags, '--scenario', scen, '--out', out]);
    expect(r.err).not.toMatch(/error/);
    expect(r.code).toBe(0);
    // No --static category: the fit says, as the studio does, why the other items cannot move and what to map.
    expect(r.err).toMatch(/warning: Cannibalisation and halo will be 0: the series have no category-like attribute.*--static/s);
    const res = JSON.parse(readFileSync(out, 'utf8'));
    const s = res.series.find((x: { unique_id: string }) => x.unique_id === 'store_1/item_01');
    expect(s.role).toBe('promoted');
    const it01 = gen.truth.items.find((i) => i.item === 'item_01')!;
    const rows = res.periods.filter((p: { unique_id: string }) => p.unique_id === 'store_1/item_01');
    const inPromo = rows.filter((p: { ds: string }) => p.ds >= PROMO.from && p.ds <= PROMO.to);
    const after = rows.filter((p: { ds: string }) => p.ds > PROMO.to && p.ds <= '2024-06-02');
    // truth on the model's own baseline: demand × (price ratio)^elasticity × tpr lift; the dip × postPromoDip for 7 days
    const trueInc = inPromo.reduce((a: number, p: { baseline: number }) => a + p.baseline * (Math.pow(0.8, it01.elasticity) * gen.truth.promoLift.tpr - 1), 0);
    const trueDip = after.reduce((a: number, p: { baseline: number }) => a + p.baseline * (gen.truth.postPromoDip - 1), 0);
    console.log(`promo CLI vs truth: incremental ${s.incremental.toFixed(1)} (truth ${trueInc.toFixed(1)}), dip ${s.dip.toFixed(1)} (truth ${trueDip.toFixed(1)}), net ${s.net.toFixed(1)}, Δprofit ${s.profit.toFixed(2)}`);
    // Issue 10's goals for the what-if model (GBDT with the price-response offset, fitScenarioModel's
    // default): incremental units within ±10 % of the truth, the dip (its 7 days) within ±35 %.
    expect(Math.abs(s.incremental - trueInc) / trueInc).toBeLessThan(0.1);
    expect(s.dip).toBeLessThan(0);
    expect(Math.abs(s.dip - trueDip) / Math.abs(trueDip)).toBeLessThan(0.35);
    // the price regression's own answer, written beside the model's, is within 10 % of the truth
    const check = res.response_check.find((c: { unique_id: string }) => c.unique_id === 'store_1/item_01');
    console.log(`price regression: incremental ${check.regression_incremental} (truth ${trueInc.toFixed(1)}), elasticity ${check.elasticity} ± ${check.elasticity_se}`);
    expect(Math.abs(check.regression_incremental - trueInc) / trueInc).toBeLessThan(0.1);
    expect(check.model_incremental).toBeCloseTo(s.incremental, 2);
    expect(check.gap).toBeCloseTo(Math.abs(check.model_incremental - check.regression_incremental) / check.regression_incremental, 2);
    expect(s.dip).toBeLessThan(0);
    expect(inPromo.every((p: { scenario_price: number; base_price: number }) => Math.abs(p.scenario_price - 0.8 * p.base_price) < 0.011)).toBe(true);
    expect(rows.every((p: { baseline_lo: number; baseline_hi: number; baseline: number }) => p.baseline_lo <= p.baseline + 1e-9 && p.baseline <= p.baseline_hi + 1e-9)).toBe(true);
    // the money agrees with the periods written: Δrevenue = Σ scenario·price − Σ baseline·price
    const dRev = rows.reduce((a: number, p: { scenario: number; scenario_price: number; baseline: number; base_price: number }) => a + p.scenario * p.scenario_price - p.baseline * p.base_price, 0);
    expect(s.revenue).toBeCloseTo(dRev, 0);
    expect(res.total.net).toBeCloseTo(res.series.reduce((a: number, x: { net: number }) => a + x.net, 0), 2);
    expect(res.total.fees).toBe(50);
    expect(res.extrapolations).toEqual([]);
  }, 300_000);
});
