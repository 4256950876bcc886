import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReplenishArgs } from '../../../src/cli/replenishArgs';
import { runReplenish } from '../../../src/cli/runReplenish';
import { normalQuantile } from '../../../src/lib/inventory';

const dir = mkdtempSync(join(tmpdir(), 'fs-rep-'));
const data = 'tests/fixtures/small_retail.csv';
const base = ['--data', data, '--id', 'store,item', '--date', 'date', '--target', 'sales', '--freq', 'D', '--h', '9', '--models', 'snaive,mstl',
  '--lead-time', '2', '--review', '1', '--service', '0.95', '--simulate', '56'];

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runReplenish(argv, { stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Independent replay of the naive policy: order up to 3·mean + z·σ·√3 of the previous 56 days, lost sales. */
function naiveByHand(y: number[], P: number) {
  const z = normalQuantile(0.95);
  let onHand = NaN;
  const due: number[] = [];
  let lost = 0;
  let demand = 0;
  let inv = 0;
  let ok = 0;
  let cycles = 0;
  for (let t = y.length - P; t < y.length; t++) {
    const w = y.slice(t - 56, t);
    const m = w.reduce((a, b) => a + b, 0) / 56;
    const sd = Math.sqrt(w.reduce((a, b) => a + b * b, 0) / 56 - m * m);
    const S = 3 * m + z * sd * Math.sqrt(3);
    if (Number.isNaN(onHand)) onHand = S;
    onHand += due[t] ?? 0;
    const pipe = (due[t + 1] ?? 0);
    const q = S - onHand - pipe > 1e-9 ? Math.ceil(S - onHand - pipe - 1e-9) : 0;
    if (q > 0) due[t + 2] = (due[t + 2] ?? 0) + q;
    const sold = Math.min(onHand, y[t]);
    onHand -= sold;
    lost += y[t] - sold;
    demand += y[t];
    inv += onHand;
    if (y[t] > 0) {
      cycles++;
      if (y[t] - sold <= 1e-9) ok++;
    }
  }
  return { fill: 1 - lost / demand, avg: inv / P, csl: ok / cycles };
}

describe('npm run replenish (in-process, small_retail.csv)', () => {
  it('writes exactly { policy, naive, orders } with the five figures, and the naive figures match a hand replay', async () => {
    const out = join(dir, 'r.json');
    // --h 15: origins every 7 days leave at least 15 − 6 = 9 forecast periods at every review, so R = 1 … 7 fit L + R
    const r = await run([...base.map((v, i) => (base[i - 1] === '--h' ? '15' : v)), '--out', out]);
    expect(r.err).not.toMatch(/^error/m);
    expect(r.code).toBe(0);
    const json = JSON.parse(readFileSync(out, 'utf8'));
    // the three keys first and exactly; the searches and the seasonal-naive replay are extra keys
    expect(Object.keys(json).slice(0, 3)).toEqual(['policy', 'naive', 'orders']);
    expect(Object.keys(json).slice(3).sort()).toEqual(['search', 'snaive']);
    const rs = json.search.review;
    expect(rs.given).toBe(1);
    // the review search tries R = 1 … 7 (h 9 − L 2) and keeps the cheapest; R = 1 is the policy itself
    expect(rs.points.map((p: { review: number }) => p.review)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(rs.points[0].total_cost).toBe(json.policy.total_cost);
    expect(rs.points.find((p: { review: number }) => p.review === rs.best).total_cost).toBe(Math.min(...rs.points.map((p: { total_cost: number }) => p.total_cost)));
    expect(Object.keys(rs.points[0])).toEqual(['review', ...Object.keys(json.policy)]);
    // the formula's R is the economic order interval EOQ / d of the defaults (K = 10, h = 0.25/365)
    const ys = ['item_01', 'item_02'].map((it) => readFileSync(data, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')).filter((c) => c[2] === it).map((c) => Number(c[4])));
    const eoi = ys.map((y) => {
      const w = y.slice(-56 - 365, -56);
      const d = w.reduce((a, b) => a + b, 0) / w.length;
      return Math.max(1, Math.round(Math.sqrt((2 * d * 10) / (0.25 / 365)) / d));
    }).sort((a, b) => a - b);
    expect(rs.formula).toBe(eoi[1]);
    expect(json.search.service.target).toBe(0.95);
    const keys = ['cycle_service_level', 'fill_rate', 'avg_inventory', 'stockout_periods', 'total_cost'];
    expect(Object.keys(json.policy)).toEqual(keys);
    expect(Object.keys(json.naive)).toEqual(keys);
    const csv = readFileSync(data, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const hands = ['item_01', 'item_02'].map((it) => naiveByHand(csv.filter((c) => c[2] === it).map((c) => Number(c[4])), 56));
    expect(json.naive.avg_inventory).toBeCloseTo((hands[0].avg + hands[1].avg) / 2, 1);
    expect(json.naive.fill_rate).toBeGreaterThan(Math.min(hands[0].fill, hands[1].fill) - 1e-3);
    expect(json.naive.fill_rate).toBeLessThan(Math.max(hands[0].fill, hands[1].fill) + 1e-3);
    expect(json.policy.fill_rate).toBeGreaterThan(0.8);
    expect(json.orders).toHaveLength(2);
    for (const o of json.orders) {
      expect(o.order_date).toBe('2023-08-29'); // the day after the last observation
      expect(o.arrival_date).toBe('2023-08-31');
      expect(o.quantity).toBe(Math.ceil(o.order_up_to - o.position - 1e-9));
    }
    expect(r.out).toMatch(/naive mean \+ zσ/);
    // no cost was given: the defaults are named, with their values, once
    expect(r.err).toMatch(/^info: Costs not given for 2 of 2 series \(holdingCost, orderingCost, stockoutCost\): the assortment defaults are used and marked as such — holding 25 % a year of a unit cost of 1, ordering cost 10, stock-out cost 0.5/m);
  }, 120_000);

  it('stock file: on-hand, open orders, MOQ and batch drive the order; defaults are marked', async () => {
    const stock = join(dir, 'stock.csv');
    writeFileSync(stock, 'unique_id,on_hand,open_orders,moq,batch,ordering_cost\nstore_1/item_01,20,30@2023-08-30,100,24,\nstore_1/item_02,5,,,,15\n');
    const out = join(dir, 's.json');
    const r = await run([...base, '--stock', stock, '--out', out]);
    expect(r.code).toBe(0);
    const o = JSON.parse(readFileSync(out, 'utf8')).orders;
    const a = o.find((x: { unique_id: string }) => x.unique_id === 'store_1/item_01');
    expect(a.on_hand).toBe(20);
    expect(a.on_hand_source).toBe('stock file');
    expect(a.position).toBe(50);
    expect(a.quantity % 24).toBe(0);
    expect(a.quantity).toBeGreaterThanOrEqual(100);
    // item_02 gave its ordering cost; holding and stock-out costs are still defaults for both
    expect(r.err).toMatch(/Costs not given for 2 of 2 series \(holdingCost, orderingCost, stockoutCost\)/);
  }, 120_000);

  it.each([
    [['--lead-time', '0'], /lead time is 0/],
    [['--lead-time', '12'], /longer than the forecast horizon[\s\S]*--h 13/],
    [['--service', '1'], /100\.0 % is not reachable/],
    [['--service', '100'], /not reachable/],
    [['--review', '0'], /--review must be/],
    [['--target', 'units'], /units/],
  ])('wrong input %j exits 2 with a message', async (extra, msg) => {
    const argv = [...base];
    for (let i = 0; i < extra.length; i += 2) {
      const k = argv.indexOf(extra[i]);
      if (k >= 0) argv[k + 1] = extra[i + 1];
      else argv.push(extra[i], extra[i + 1]);
    }
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(msg);
    expect(r.err).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  }, 60_000);

  it('negative stock in the stock file, an MOQ above a year of demand, too little history', async () => {
    const stock = join(dir, 'bad.csv');
    writeFileSync(stock, 'unique_id,on_hand,moq\nstore_1/item_01,-4,\nstore_1/item_02,3,999999\n');
    const r = await run([...base, '--stock', stock]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/store_1\/item_01: on-hand stock is -4/);
    expect(r.err).toMatch(/store_1\/item_02: the minimum order \(999999, from the stock file\) is more than a year of demand/);
    const short = await run([...base.slice(0, -2), '--simulate', '230']);
    expect(short.code).toBe(2);
    expect(short.err).toMatch(/Too little history to replay 230 periods|needs \d+ \(230 replayed/);
  }, 120_000);

  it('the real entry (src/cli/replenish.ts, what `npm run replenish` runs) exits 2 on --review 0', () => {
    const argv = base.map((v, i) => (base[i - 1] === '--review' ? '0' : v));
    const p = spawnSync('npx', ['tsx', 'src/cli/replenish.ts', ...argv], { encoding: 'utf8' });
    expect(p.status).toBe(2);
    expect(p.stderr).toMatch(/--review must be/);
  }, 90_000);

  it('parses 95 as 95 % and rejects unknown flags', () => {
    const o = parseReplenishArgs([...base.slice(0, -6), '--service', '95', '--review', '1', '--simulate', '5', '--batch', '12']);
    expect('error' in o ? o.error : o.service).toBe(0.95);
    expect(parseReplenishArgs([...base, '--bogus', '1'])).toEqual({ error: 'unknown argument "--bogus"' });
  });

  it('--budget: the order plan (HiGHS) keeps every period within the budget, and the next orders are its first allocation', async () => {
    const out = join(dir, 'b.json');
    const free = join(dir, 'free.json');
    const stock = join(dir, 'zero.csv');
    // nothing on hand: both series want a large first order, more than the budget of 60 (unit cost 1)
    writeFileSync(stock, 'unique_id,on_hand\nstore_1/item_01,0\nstore_1/item_02,0\n');
    const r = await run([...base, '--stock', stock, '--budget', '60', '--out', out]);
    expect(r.err).not.toMatch(/^error/m);
    expect(r.code).toBe(0);
    const json = JSON.parse(readFileSync(out, 'utf8'));
    expect(Object.keys(json).slice(0, 3)).toEqual(['policy', 'naive', 'orders']);
    const plan = json.order_plan;
    expect(plan.periods).toHaveLength(9);
    for (const p of plan.periods) {
      // spend per period recomputed from the plan's orders (unit cost 1 by default) and within the budget
      const spent = plan.orders.filter((q: { order_date: string }) => q.order_date === p.order_date).reduce((a: number, q: { quantity: number }) => a + q.quantity, 0);
      expect(p.spend).toBeCloseTo(spent, 6);
      expect(p.spend).toBeLessThanOrEqual(60 + 1e-9);
    }
    const first = plan.orders.filter((q: { order_date: string }) => q.order_date === '2023-08-29');
    expect(first.length).toBe(2);
    expect(first.some((q: { quantity: number; wanted: number }) => q.quantity < q.wanted)).toBe(true);
    expect(first.find((q: { reason: string }) => /cut from \d+ to \d+ by the budget/.test(q.reason))).toBeTruthy();
    for (const o of json.orders) expect(o.quantity).toBe(first.find((q: { unique_id: string }) => q.unique_id === o.unique_id).quantity);
    expect(json.orders.reduce((a: number, o: { quantity: number }) => a + o.quantity, 0)).toBeLessThanOrEqual(60);
    // without a limit the same first orders are larger than the budget allows
    await run([...base, '--stock', stock, '--out', free]);
    const un = JSON.parse(readFileSync(free, 'utf8'));
    expect(un.order_plan).toBeUndefined();
    expect(un.orders.reduce((a: number, o: { quantity: number }) => a + o.quantity, 0)).toBeGreaterThan(60);
    expect(r.out).toMatch(/order plan: \d+ orders over 9 periods; [1-9]\d* cut by the limits/);
  }, 180_000);

  it('--plan: orders come from the chosen model forecasting under the plan; a wrong plan or an MOQ above a year exits 2 before any model runs', async () => {
    const kf = ['--known-future', 'promo'];
    const days = Array.from({ length: 9 }, (_, i) => new Date(Date.UTC(2023, 7, 29 + i)).toISOString().slice(0, 10));
    const good = join(dir, 'promo_plan.csv');
    writeFileSync(good, 'unique_id,ds,promo\n' + ['store_1/item_01', 'store_1/item_02'].flatMap((id) => days.map((d, i) => `${id},${d},${i >= 4 && i <= 6 ? 1 : 0}`)).join('\n') + '\n');
    const out = join(dir, 'p.json');
    const r = await run([...base, ...kf, '--plan', good, '--out', out]);
    expect(r.err).not.toMatch(/^error/m);
    expect(r.code).toBe(0);
    const json = JSON.parse(readFileSync(out, 'utf8'));
    expect(json.orders.every((o: { model: string }) => / \(plan promo_plan\)$/.test(o.model))).toBe(true);
    expect(json.order_plan.periods.map((p: { order_date: string }) => p.order_date)).toEqual(days);
    const bad = join(dir, 'bad_plan.csv');
    writeFileSync(bad, 'unique_id,ds\nstore_1/item_01,2023-08-29\n');
    const b = await run([...base, ...kf, '--plan', bad]);
    expect(b.code).toBe(2);
    expect(b.err).toMatch(/--plan bad_plan: The plan lacks column\(s\) promo/);
    const m = await run([...base, '--moq', '1000000']);
    expect(m.code).toBe(2);
    expect(m.err).toMatch(/store_1\/item_01: the minimum order \(1000000, from --moq\) is more than a year of demand \(\d+\)/);
    for (const e of [b.err, m.err]) expect(e).not.toMatch(/cutoff \d+ of/); // no backtest ran
    expect(parseReplenishArgs([...base, '--budget', '0'])).toEqual({ error: '--budget must be an amount > 0 per order period (Σ unit cost × quantity), got "0"' });
    expect(parseReplenishArgs([...base, '--plan-fill', 'baseline'])).toEqual({ error: '--plan-fill needs --plan' });
  }, 180_000);
});

