/**
 * `npm run bench`: builds the site privately, serves it with `vite preview`, generates the 1M-row retail
 * CSV, runs every group (each in its own try/catch, so a failure is one `error: …` row), prints the
 * markdown table and writes it to tests/bench/results.md (+ results.json).
 *
 * Env: BENCH_ROWS (default 1000000), BENCH_QUICK=1 (one repetition, fewer steps/rounds, light backtest),
 * BENCH_REPEATS, BENCH_ONLY=data,page,longtask,size,neural,gbdt,backtest,features,promo, BENCH_PORT (4179).
 */
import { writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from '@playwright/test';
import { readConfig, type BenchContext } from './context';
import { benchData, writeDataFiles } from './data';
import { benchFeatures } from './features';
import { buildBenchPage, buildSite, ensureDir, launchBrowser, ROOT, startPreview } from './harness';
import { benchBacktest, benchGbdt, benchNeural } from './models';
import { benchLongTasks, benchPageOpen } from './page';
import { benchSize } from './size';
import { benchPromo } from './promo';
import { markdownReport, markdownTable, message, Report } from './table';

const config = readConfig();
const report = new Report();
const want = (g: string) => !config.only.length || config.only.includes(g);
const t0 = performance.now();
const log = (m: string) => console.error(`[bench ${((performance.now() - t0) / 1000).toFixed(0)}s] ${m}`);

const tmp = ensureDir(join(tmpdir(), 'forecast-studio-bench'));
let preview: Awaited<ReturnType<typeof startPreview>> | null = null;
let browser: Browser | null = null;
const stop = () => preview?.stop();
process.on('SIGINT', () => (stop(), process.exit(130)));
process.on('SIGTERM', () => (stop(), process.exit(143)));

/** Runs one group; a throw becomes an `error: …` row. */
async function group(name: string, label: string, fn: () => Promise<void>) {
  if (!want(name)) return;
  log(`${label}…`);
  try {
    await fn();
  } catch (e) {
    report.fail(label, 'group failed', e);
  }
}

try {
  report.meta.date = new Date().toISOString().slice(0, 16).replace('T', ' ');
  report.meta.machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, Node ${process.version}`;
  report.meta.settings = `rows ${config.rows.toLocaleString('en-US')}, ${config.quick ? 'QUICK, ' : ''}engine figures best of ${config.repeats} (the cores are shared with other jobs)`;
  report.meta.reading =
    'ratio = ours / reference; references marked (quoted) come from the issues, all others were measured in this run. ' +
    'Browser "eh" is the DuckDB-WASM bundle the studio ships (one thread); "coi" is the threaded bundle, which needs COOP/COEP headers the studio does not send. ' +
    `The site is served by vite preview on port ${config.port} (not 4173, so a running e2e server is left alone).`;
  log('building the site and the bench page');
  const site = buildSite(join(tmp, 'site'));
  report.meta.site = site.source;
  let benchPage = false;
  try {
    await buildBenchPage(site.dir);
    benchPage = true;
  } catch (e) {
    report.undone.push(`The bench page (tests/bench/browser) did not build, so browser variants and browser TF.js figures are missing: ${message(e)}`);
  }
  log('generating the data file');
  const files = await writeDataFiles(config, ensureDir(join(site.dir, 'bench-data')), report);
  preview = await startPreview(site.dir, config.port);
  try {
    browser = await launchBrowser();
    report.meta.browser = `Chromium ${browser.version()} (headless, Playwright)`;
  } catch (e) {
    report.undone.push(`Chromium did not start, so every browser figure is missing: ${message(e)}`);
  }
  const ctx: BenchContext = {
    config, report, tmp, siteDir: site.dir, baseUrl: preview.url, browser, benchPage,
    csvPath: files.csv, csvUrl: `${preview.url}bench-data/retail.csv`,
    parquetPath: files.parquet, parquetUrl: files.parquet ? `${preview.url}bench-data/retail.parquet` : null,
  };
  const needBrowser = (fn: () => Promise<void>) => async () => {
    if (!ctx.browser) throw new Error('no browser');
    await fn();
  };
  await group('size', '4 size', () => benchSize(ctx));
  await group('data', '1 data (issue 2)', () => benchData(ctx, files.columns));
  await group('page', '2 page open → forecast', needBrowser(() => benchPageOpen(ctx)));
  await group('longtask', '3 main thread', needBrowser(() => benchLongTasks(ctx)));
  await group('features', '8 feature SQL (issue 3)', () => benchFeatures(ctx, files.columns));
  await group('neural', '5 models (issue 4)', () => benchNeural(ctx));
  await group('gbdt', '6 GBDT', () => benchGbdt(ctx));
  await group('backtest', '7 backtest (issue 5)', () => benchBacktest(ctx));
  await group('promo', '9 promo optimiser (issue 10)', () => benchPromo(ctx));
} catch (e) {
  report.fail('setup', 'bench setup', e);
} finally {
  await browser?.close().catch(() => undefined);
  stop();
}

report.meta['bench time'] = `${((performance.now() - t0) / 1000).toFixed(0)} s`;
const md = markdownReport(report);
writeFileSync(join(ROOT, 'tests/bench/results.md'), md);
writeFileSync(join(ROOT, 'tests/bench/results.json'), JSON.stringify({ meta: report.meta, figures: report.figures, findings: report.findings, undone: report.undone }, null, 2) + '\n');
console.log(markdownTable(report.figures));
if (report.findings.length) console.log(['', '## Findings', '', ...report.findings.map((f) => `- ${f}`)].join('\n'));
if (report.undone.length) console.log(['', '## Not measured', '', ...report.undone.map((f) => `- ${f}`)].join('\n'));
log('wrote tests/bench/results.md and results.json');
process.exit(0);
