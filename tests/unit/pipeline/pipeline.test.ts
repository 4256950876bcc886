import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isoToDay, type CovariateMeta } from '../../../src/lib/data/contract';
import { applyZeroWhen, defaultFeatureSpec, loadCsv, loadTrainData, makeFeaturesAt, mapSales, missingColumns, type SqlEngine } from '../../../src/lib/pipeline';
import { openNodeEngine } from '../../../src/lib/pipeline/nodeEngine';
import type { TrainData } from '../../../src/lib/models/protocol';

// Two series: a/x daily 2024-01-01…2024-03-31 with 2024-02-10 missing; b/x starts 2024-02-01 and has a
// trailing row with no sales (a future row carrying promo). y = day index; promo on Mondays; open = 0 on Sundays.
function csv(): string {
  const rows = ['shop,region,day,sales,promo,open,kind'];
  const start = isoToDay('2024-01-01');
  for (let d = 0; d < 91; d++) {
    const iso = new Date((start + d) * 86_400_000).toISOString().slice(0, 10);
    const dow = new Date((start + d) * 86_400_000).getUTCDay();
    if (iso !== '2024-02-10') rows.push(`a,x,${iso},${d},${dow === 1 ? 1 : 0},${dow === 0 ? 0 : 1},big`);
    if (d >= 31) rows.push(`b,x,${iso},${d === 90 ? '' : 2 * d},${dow === 1 ? 1 : 0},1,small`);
  }
  return rows.join('\n') + '\n';
}

const covs: CovariateMeta[] = [
  { name: 'promo', source: 'promo', type: 'numeric', timing: 'known_future', role: 'promo' },
  { name: 'open', source: 'open', type: 'numeric', timing: 'known_future', role: 'open' },
];
let engine: SqlEngine;
let train: TrainData;

beforeAll(async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'fs-pipe-')), 'shops.csv');
  writeFileSync(path, csv());
  engine = await openNodeEngine();
  const cols = await loadCsv(engine, { path });
  expect(Object.keys(cols)).toEqual(['shop', 'region', 'day', 'sales', 'promo', 'open', 'kind']);
  const res = await mapSales(engine, { id: ['shop', 'region'], date: 'day', target: 'sales', freq: 'D', covariates: covs, statics: ['kind'] });
  expect(res.series).toBe(2);
  expect(res.issues.map((i) => [i.code, i.count])).toEqual([['gaps_filled', 1]]);
  train = await loadTrainData(engine, { freq: 'D', knownFuture: ['promo', 'open'], statics: ['kind'] });
});

describe('pipeline: CSV → sales → TrainData', () => {
  it('reads one selection summed per period (the Forecast step), trimmed to its known targets', async () => {
    const one = await loadTrainData(engine, { freq: 'D', selection: { kind: 'series', id: 'b/x' } });
    expect(one.series.map((s) => s.id)).toEqual(['b/x']);
    expect(Array.from(one.series[0].y)).toEqual(Array.from(train.series[1].y));
    const total = await loadTrainData(engine, { freq: 'D', selection: { kind: 'total' } });
    const [a, b] = train.series;
    const t = total.series[0];
    expect(t.id).toBe('All series (sum)');
    expect(t.ds[0]).toBe(a.ds[0]);
    const day = b.ds[10];
    const at = (s: { ds: Int32Array; y: Float64Array }) => s.y[s.ds.indexOf(day)];
    expect(at(t)).toBe(at(a) + at(b));
  });

  it('the Node engine (the CLI\'s) fetches no DuckDB extension on first use, as the studio\'s worker does not', async () => {
    const t = await engine.query("SELECT current_setting('autoload_known_extensions')::VARCHAR AS a, current_setting('autoinstall_known_extensions')::VARCHAR AS i");
    expect([String(t.getChild('a')!.get(0)), String(t.getChild('i')!.get(0))]).toEqual(['false', 'false']);
  });

  it('reports columns a mapping names but the file lacks', () => {
    const issues = missingColumns({ shop: 'VARCHAR', day: 'DATE' }, { id: ['shop'], date: 'day', target: 'sales', freq: 'D' });
    expect(issues.map((i) => [i.code, i.where])).toEqual([['missing_column', 'sales']]);
  });

  it('joins id columns with "/", fills the gap with 0 and stops each history at its last target value', () => {
    expect(train.series.map((s) => s.id)).toEqual(['a/x', 'b/x']);
    const [a, b] = train.series;
    expect(a.ds.length).toBe(91);
    expect(a.ds[0]).toBe(isoToDay('2024-01-01'));
    expect(a.y[40]).toBe(0); // 2024-02-10 was missing
    expect(a.y[41]).toBe(41);
    expect(b.ds.length).toBe(59); // 2024-02-01 … 2024-03-30; 03-31 has no sales
    expect(b.y[58]).toBe(2 * 89);
    expect(Array.from(a.x!.promo.slice(0, 8))).toEqual([1, 0, 0, 0, 0, 0, 0, 1]); // 2024-01-01 is a Monday
    expect(a.statics).toEqual({ kind: 0 });
    expect(b.statics).toEqual({ kind: 1 });
  });
});

describe('pipeline: featuresAt(cutoff)', () => {
  it('hides y after the cutoff and on excluded rows; lags look back ≥ h; rows stop at cutoff + h', async () => {
    const h = 7;
    const spec = defaultFeatureSpec({ freq: 'D', h, covariates: covs, historyLength: 91 });
    const featuresAt = await makeFeaturesAt(engine, { freq: 'D', h, spec, covariates: covs, seriesIds: train.series.map((s) => s.id), exclude: { column: 'open', value: '0' } });
    const cutoff = isoToDay('2024-03-10');
    const f = await featuresAt(cutoff);
    expect(Math.max(...f.ds)).toBe(cutoff + h);
    const lag = f.names.indexOf('y_lag7');
    expect(lag).toBeGreaterThanOrEqual(0);
    expect(f.meta?.[lag].lag).toBe(7);
    for (let r = 0; r < f.y.length; r++) {
      if (f.ds[r] > cutoff) expect(f.y[r]).toBeNaN();
      const sunday = new Date(f.ds[r] * 86_400_000).getUTCDay() === 0;
      if (f.seriesIndex[r] === 0 && sunday) expect(f.y[r]).toBeNaN(); // closed: not a training row
    }
    // a/x on 2024-03-17 (step 7): lag 7 = 2024-03-10, a Sunday (closed → NULL); on 03-16: lag 7 = 03-09 = day 68.
    const at = (iso: string) => f.ds.findIndex((d, r) => d === isoToDay(iso) && f.seriesIndex[r] === 0);
    expect(f.columns[lag][at('2024-03-17')]).toBeNaN();
    expect(f.columns[lag][at('2024-03-16')]).toBe(68);
    const closed = f.names.indexOf('open_closed_until');
    expect(f.columns[closed][at('2024-03-16')]).toBe(1);
  });
});

describe('applyZeroWhen', () => {
  it('zeroes mean and bounds exactly where the known-future column has the value', () => {
    const f = { id: 's', ds: new Int32Array(3), mean: Float64Array.of(5, 6, 7), lo: { 80: Float64Array.of(1, 2, 3) }, hi: { 80: Float64Array.of(9, 9, 9) } };
    const [out] = applyZeroWhen([f], { h: 3, levels: [80], future: { s: { open: Float64Array.of(1, 0, 1) } } }, { column: 'open', value: 0 });
    expect(Array.from(out.mean)).toEqual([5, 0, 7]);
    expect(Array.from(out.lo[80])).toEqual([1, 0, 3]);
    expect(Array.from(out.hi[80])).toEqual([9, 0, 9]);
  });
});
