import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPromo } from '../../../src/cli/runPromo';
import { generateRetail, toCsv } from '../../../src/lib/data/generator';
import { getModel } from '../../../src/lib/models';
import { flagCovariates, loadCsv, mapSales, strings, tableColumns, type SqlEngine } from '../../../src/lib/pipeline';
import { openNodeEngine } from '../../../src/lib/pipeline/nodeEngine';
import { answerScenario, fitScenarioModel, parseScenario, whatIfIssues, type ScenarioModel } from '../../../src/lib/promo';

// The studio's Promo step (workers/promo.worker.ts) and `npm run promo` (src/cli/runPromo.ts) must decompose a
// scenario with the same lib functions: fitScenarioModel once, answerScenario per scenario.
const src = (p: string) => readFileSync(join(__dirname, '../../..', p), 'utf8');

describe('one what-if path for the studio and the CLI', () => {
  it('both call fitScenarioModel and answerScenario, and neither decomposes or re-forecasts on its own', () => {
    for (const file of ['src/cli/runPromo.ts', 'workers/promo.worker.ts']) {
      const code = src(file);
      expect(code, file).toMatch(/fitScenarioModel\(/);
      expect(code, file).toMatch(/answerScenario\(/);
      expect(code, file).not.toMatch(/decomposeUplift\(|forecastFromPlan\(|fitForecaster\(/);
    }
  });
});

const dir = mkdtempSync(join(tmpdir(), 'fs-whatif-'));
const gen = generateRetail({ stores: 2, items: 4, days: 400, seed: 11 });
const data = join(dir, 'retail.csv');
writeFileSync(data, toCsv(gen));
const known = ['price', 'promo', 'promo_type', 'is_holiday'];
// last date 2024-02-04 (400 days from 2023-01-01); horizon 21 days: 2024-02-05 … 2024-02-25
const PROMO = { from: '2024-02-08', to: '2024-02-14' };
const scenarioJson = (depth: number) => ({ name: `${depth * 100} % off`, money: { marginPct: 0.35, promoFee: 20, vendorShare: 0.2 }, promotions: [{ series: ['store_1/item_01'], ...PROMO, type: 'percent', depth }] });

describe('answerScenario on the generator (linear model, fitted once)', () => {
  let engine: SqlEngine;
  let model: ScenarioModel;
  const groups = new Map<string, string>();
  beforeAll(async () => {
    engine = await openNodeEngine();
    await loadCsv(engine, { path: data });
    const covariates = flagCovariates(await tableColumns(engine, 'raw'), { knownFuture: known });
    await mapSales(engine, { id: ['store', 'item'], date: 'date', target: 'sales', freq: 'D', covariates, statics: [] });
    const t = await engine.query(`SELECT concat_ws('/', store, item) AS id, any_value(concat_ws('|', store, category)) AS g FROM raw GROUP BY 1`);
    strings(t, 'id').forEach((id, i) => groups.set(id, strings(t, 'g')[i]));
    const fit = await fitScenarioModel(engine, { freq: 'D', h: 21, model: getModel('linear'), fallback: getModel('snaive'), covariates, statics: [] });
    expect(fit.issues.filter((i) => i.level === 'error')).toEqual([]);
    // The calibration backtest's note about choosing auto on the evaluated windows concerns a choice this fit does not make.
    expect(fit.issues.map((i) => i.code)).not.toContain('optimistic_selection');
    model = fit.model!;
  }, 240_000);
  afterAll(async () => {
    await engine?.close?.();
  });

  it('says which models can answer when the model reads no plan', () => {
    const issues = whatIfIssues(getModel('snaive'), model.fitted.options.covariates ?? []);
    expect(issues.map((i) => i.code)).toEqual(['model_reads_no_plan']);
    expect(issues[0].hint).toMatch(/gbdt/);
    expect(issues[0].hint).toMatch(/linear/);
    expect(issues[0].hint).not.toMatch(/snaive/);
  });

  it('decomposes a scenario; totals add up to Σ(scenario − baseline); a deeper discount sells more; the CLI writes the same numbers', async () => {
    const groupOf = (id: string) => groups.get(id) ?? id;
    const shallow = await answerScenario(engine, model, parseScenario(scenarioJson(0.1)).scenario!, { groupOf, table: 'p1' });
    const deep = await answerScenario(engine, model, parseScenario(scenarioJson(0.3)).scenario!, { groupOf, table: 'p2' });
    for (const a of [shallow, deep]) {
      const t = a.result!.total;
      const sum = a.rows!.reduce((s, r) => s + r.scenario - r.baseline, 0);
      expect(t.net).toBeCloseTo(sum, 6);
      expect(t.incremental).toBeCloseTo(a.rows!.filter((r) => r.unique_id === 'store_1/item_01' && r.ds >= PROMO.from && r.ds <= PROMO.to).reduce((s, r) => s + r.scenario - r.baseline, 0), 6);
      expect(t.fees).toBe(20);
      expect(a.periods!.every((p) => p.scenario_lo! <= p.scenario! + 1e-9 && p.scenario! <= p.scenario_hi! + 1e-9)).toBe(true);
    }
    expect(shallow.result!.total.incremental).toBeGreaterThan(0);
    expect(deep.result!.total.incremental).toBeGreaterThan(shallow.result!.total.incremental);
    // the CLI, fitting its own copy of the same model, writes the same decomposition
    const scen = join(dir, 's.json');
    writeFileSync(scen, JSON.stringify(scenarioJson(0.3)));
    const out = join(dir, 'r.json');
    const err: string[] = [];
    const code = await runPromo(['--data', data, '--id', 'store,item', '--date', 'date', '--target', 'sales', '--freq', 'D', '--h', '21', '--known-future', known.join(','), '--model', 'linear', '--scenario', scen, '--out', out], { stdout: () => undefined, stderr: (l) => err.push(l) });
    expect(code, err.join('\n')).toBe(0);
    const res = JSON.parse(readFileSync(out, 'utf8'));
    const t = deep.result!.total;
    for (const [k, v] of [['incremental', t.incremental], ['dip', t.dip], ['cannibalisation', t.cannibalisation], ['halo', t.halo], ['net', t.net], ['profit', t.delta.profit], ['revenue', t.delta.revenue]] as const)
      expect(res.total[k], k).toBeCloseTo(v, 2);
  }, 240_000);

  it('refuses bad input with a message and no forecast', async () => {
    const groupOf = (id: string) => id;
    const bad = await answerScenario(engine, model, parseScenario({ promotions: [{ series: ['store_9/item_01'], from: '2024-03-01', to: '2024-03-02', type: 'percent', depth: 1 }] }).scenario!, { groupOf });
    expect(bad.result).toBeUndefined();
    const text = bad.applied.issues.map((i) => i.message).join(' ');
    expect(text).toMatch(/100 %/);
    expect(text).toMatch(/not in the data: store_9\/item_01/);
    expect(text).toMatch(/not inside the forecast horizon \(2024-02-05 – 2024-02-25\)/);
  });
});
