/**
 * Groups 2 and 3: page open → first forecast drawn for the sample (clicking through the studio), and the
 * longest main-thread task while the 1M-row file is loaded, cleaned and forecast (through the same
 * worker API the views use, then once more through the views themselves).
 */
import type { BrowserContext, Page } from '@playwright/test';
import { DEFAULT_CLEANING } from '../../src/lib/data/cleaning';
import type { BenchContext } from './context';
import { fmt } from './table';
import type { ForecastRequest } from '../../src/lib/forecast/forecastStep';
import type { CovariateMeta } from '../../src/lib/data/contract';

const G2 = '2 page open → forecast';
const G3 = '3 main thread';

/** Records every long task (≥ 50 ms on the main thread) from the first script on, into `window.__longtasks`. */
async function watchLongTasks(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const w = window as unknown as { __longtasks: { start: number; duration: number }[] };
    w.__longtasks = [];
    try {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longtasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    } catch {
      /* no longtask support: the list stays empty */
    }
  });
}

async function longTasks(page: Page): Promise<{ start: number; duration: number }[]> {
  return page.evaluate(() => (window as unknown as { __longtasks: { start: number; duration: number }[] }).__longtasks);
}

interface Stage {
  name: string;
  /** page-clock ms at the end of the stage */
  end: number;
}

/** Clicks through the sample flow; returns stage end times on the page's clock (ms since navigation). */
async function sampleFlow(page: Page, baseUrl: string): Promise<Stage[]> {
  const now = () => page.evaluate(() => performance.now());
  const stages: Stage[] = [];
  const mark = async (name: string) => stages.push({ name, end: await now() });
  await page.goto(baseUrl);
  await page.getByTestId('load-sample').waitFor({ state: 'visible' });
  await mark('page ready (Load button shown)');
  await page.getByTestId('load-sample').click();
  await page.getByTestId('ingest-summary').waitFor({ state: 'visible' });
  await page.getByTestId('apply').waitFor({ state: 'visible' });
  await mark('sample loaded (fetch + read + guess + profile)');
  await page.getByTestId('apply').click();
  await page.getByTestId('clean-counts').waitFor({ state: 'visible' });
  await mark('mapping + cleaning applied');
  await page.getByTestId('to-explore').click();
  await page.locator('[data-testid=explore-chart] svg').first().waitFor({ state: 'visible' });
  await mark('explore chart drawn');
  await page.getByTestId('to-forecast').click();
  await page.getByTestId('run-forecast').click();
  await page.locator('[data-testid=forecast-chart] svg[data-forecast-points]').first().waitFor({ state: 'attached', timeout: 120_000 });
  await mark('forecast drawn (snaive + mstl, h = 28)');
  return stages;
}

function addStages(ctx: BenchContext, label: string, stages: Stage[], goal: boolean, tasks: { duration: number }[]) {
  const total = stages[stages.length - 1].end;
  ctx.report.add({
    group: G2, name: `page open → first forecast drawn (${label})`, value: total, unit: 'ms',
    ...(goal ? { goal: '< 5 s', met: total < 5000 } : {}),
    note: `navigation start → svg[data-forecast-points]; longest main-thread task ${fmt(Math.max(0, ...tasks.map((t) => t.duration)))} ms`,
  });
  let prev = 0;
  for (const s of stages) {
    ctx.report.add({ group: G2, name: `  ${label}: ${s.name}`, value: s.end - prev, unit: 'ms' });
    prev = s.end;
  }
}

/** Group 2: a cold page (fresh profile) and a warm one (cached assets, no saved project). */
export async function benchPageOpen(ctx: BenchContext): Promise<void> {
  const context = await ctx.browser!.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    await watchLongTasks(context);
    const page = await context.newPage();
    const cold = await sampleFlow(page, ctx.baseUrl);
    addStages(ctx, 'cold cache', cold, true, await longTasks(page));
    await page.evaluate(async () => {
      const root = await navigator.storage.getDirectory();
      for await (const name of (root as unknown as { keys(): AsyncIterable<string> }).keys()) await root.removeEntry(name, { recursive: true });
    });
    await page.close();
    const page2 = await context.newPage();
    const warm = await sampleFlow(page2, ctx.baseUrl);
    addStages(ctx, 'warm cache', warm, false, await longTasks(page2));
  } finally {
    await context.close();
  }
}

/** The longest task after `before`, the stage it fell in, and each stage's duration. */
function summarize(all: { start: number; duration: number }[], marks: { name: string; end: number }[], before: number): { worst: number; note: string } {
  const tasks = all.filter((t) => t.start >= before);
  const worst = tasks.reduce((a, b) => (b.duration > a.duration ? b : a), { start: 0, duration: 0 });
  const stage = marks.find((m) => worst.start <= m.end)?.name ?? 'after';
  const stages = marks.map((m, i) => `${m.name} ${fmt(m.end - (i ? marks[i - 1].end : before))} ms`);
  return { worst: worst.duration, note: `${tasks.length} long tasks${worst.duration ? `, worst during ${stage}` : ''}; stages: ${stages.join(', ')}` };
}

type Api = {
  db(): {
    ingestUrl(u: string, n: string): Promise<{ ok: boolean; rows: number; guess: { mapping: { covariates: CovariateMeta[] }; statics: string[] } | null; issues: { message: string }[] }>;
    prepare(m: unknown, statics: string[], cleaning: unknown): Promise<{ rows: number; issues: { level: string; message: string }[] }>;
  };
  trainer(): { forecast(req: ForecastRequest): Promise<{ forecasts: unknown[]; errors: { model: string; message: string }[] }> };
};

/** Group 3: longest main-thread task while 1M rows are loaded, cleaned and forecast through the worker API, then through the views. */
export async function benchLongTasks(ctx: BenchContext): Promise<void> {
  const context = await ctx.browser!.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    await watchLongTasks(context);
    const page = await context.newPage();
    await page.goto(ctx.baseUrl);
    await page.waitForFunction(() => '__studio' in window);
    const before = await page.evaluate(() => performance.now());
    const r = await page.evaluate(
      async ({ url, cleaning }) => {
        const s = (window as unknown as { __studio: Api }).__studio;
        const marks: { name: string; end: number }[] = [];
        const ing = await s.db().ingestUrl(url, 'retail.csv');
        marks.push({ name: 'load', end: performance.now() });
        if (!ing.ok || !ing.guess) throw new Error(`ingest failed: ${ing.issues.map((i) => i.message).join('; ')}`);
        const prep = await s.db().prepare(ing.guess.mapping, ing.guess.statics, cleaning);
        marks.push({ name: 'clean', end: performance.now() });
        const errs = prep.issues.filter((i) => i.level === 'error');
        if (errs.length) throw new Error(`prepare failed: ${errs.map((i) => i.message).join('; ')}`);
        // The request the Forecast step sends (typed with the worker's own `ForecastRequest`).
        const f = await s.trainer().forecast({ selection: { kind: 'total' }, freq: 'D', season: 7, h: 28, models: ['snaive', 'mstl'], quantiles: '0.1,0.5,0.9', covariates: ing.guess.mapping.covariates, statics: ing.guess.statics, spec: null });
        marks.push({ name: 'forecast', end: performance.now() });
        return { rows: ing.rows, prepared: prep.rows, marks, forecasts: f.forecasts.length, errors: f.errors.map((e) => `${e.model}: ${e.message}`) };
      },
      { url: ctx.csvUrl, cleaning: DEFAULT_CLEANING },
    );
    const s = summarize(await longTasks(page), r.marks, before);
    ctx.report.add({
      group: G3, name: `longest main-thread task, ${r.rows.toLocaleString('en-US')} rows via the worker API (load → clean → forecast)`,
      value: s.worst, unit: 'ms', goal: '< 200 ms', met: s.worst < 200,
      note: `${s.note}; ${r.forecasts} forecasts${r.errors.length ? `; errors: ${r.errors.join('; ')}` : ''}`,
    });
    await page.close();
  } finally {
    await context.close();
  }
  await longTasksThroughViews(ctx);
}

/** The same 1M-row file picked in the file input, then Apply → Explore → Forecast, as a user would. */
async function longTasksThroughViews(ctx: BenchContext): Promise<void> {
  const context = await ctx.browser!.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    await watchLongTasks(context);
    const page = await context.newPage();
    await page.goto(ctx.baseUrl);
    await page.getByTestId('load-sample').waitFor({ state: 'visible' });
    const before = await page.evaluate(() => performance.now());
    const marks: { name: string; end: number }[] = [];
    const mark = async (name: string) => marks.push({ name, end: await page.evaluate(() => performance.now()) });
    await page.getByTestId('file-input').setInputFiles(ctx.csvPath);
    await page.getByTestId('ingest-summary').waitFor({ state: 'visible', timeout: 180_000 });
    await page.getByTestId('apply').waitFor({ state: 'visible' });
    await mark('load');
    await page.getByTestId('apply').click();
    await page.getByTestId('clean-counts').waitFor({ state: 'visible', timeout: 300_000 });
    await mark('clean');
    await page.getByTestId('to-explore').click();
    await page.locator('[data-testid=explore-chart] svg').first().waitFor({ state: 'visible', timeout: 120_000 });
    await mark('explore');
    await page.getByTestId('to-forecast').click();
    await page.getByTestId('run-forecast').click();
    await page.locator('[data-testid=forecast-chart] svg[data-forecast-points]').first().waitFor({ state: 'attached', timeout: 300_000 });
    await mark('forecast');
    const s = summarize(await longTasks(page), marks, before);
    ctx.report.add({
      group: G3, name: 'longest main-thread task, same file through the views (file input → Apply → Explore → Forecast)',
      value: s.worst, unit: 'ms', goal: '< 200 ms', met: s.worst < 200, note: s.note,
    });
    await page.close();
  } finally {
    await context.close();
  }
}
