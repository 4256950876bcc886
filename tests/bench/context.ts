/** What every bench group gets: sizes from the environment, the generated files, the site and the browser. */
import type { Browser } from '@playwright/test';
import type { Report } from './table';

/** Sizes and switches read from the environment (`BENCH_ROWS`, `BENCH_QUICK`, `BENCH_ONLY`, `BENCH_PORT`). */
export interface BenchConfig {
  /** Rows of the generated retail CSV (default 1,000,000 = 20 stores × 50 items × 1000 days). */
  rows: number;
  stores: number;
  items: number;
  days: number;
  quick: boolean;
  /** Timed repetitions of each engine figure (the best is reported: the machine is shared). */
  repeats: number;
  /** Groups to run (all when empty): data, page, longtask, size, models, gbdt, backtest, features. */
  only: string[];
  port: number;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): BenchConfig {
  const rows = Math.max(10_000, Number(env.BENCH_ROWS ?? 1_000_000) || 1_000_000);
  const quick = env.BENCH_QUICK === '1' || env.BENCH_QUICK === 'true';
  const stores = 20;
  const items = 50;
  return {
    rows,
    stores,
    items,
    days: Math.max(10, Math.round(rows / (stores * items))),
    quick,
    repeats: Math.max(1, Number(env.BENCH_REPEATS ?? (quick ? 1 : 3)) || 1),
    only: (env.BENCH_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    port: Number(env.BENCH_PORT ?? 4179),
  };
}

/** Files and services the groups share. */
export interface BenchContext {
  config: BenchConfig;
  report: Report;
  tmp: string;
  /** Served site folder and its origin (`http://127.0.0.1:PORT/`). */
  siteDir: string;
  baseUrl: string;
  /** The generated CSV (and its Parquet copy) on disk and as served URLs (same origin as the site). */
  csvPath: string;
  csvUrl: string;
  parquetPath: string | null;
  parquetUrl: string | null;
  /** Chromium, when it started. */
  browser: Browser | null;
  /** Whether the bench page bundle (tests/bench/browser) was built into the site. */
  benchPage: boolean;
}
