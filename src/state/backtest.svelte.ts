/**
 * State of the Backtest step: which models, how many windows, the run and its summary. The backtest runs
 * the CLI's pipeline (`backtestSales`) in the training worker; the horizon is the project's.
 */
import { getContext, setContext } from 'svelte';
import { proxy } from 'comlink';
import type { DataIssue } from '../lib/data/contract';
import { DEFAULT_CANDIDATES } from '../lib/models/defaultCandidates';
import type { BacktestSummary, ModelInfo, Progress } from '../../workers/train.api';
import { trainer } from '../clients/train';
import { decodeSlice, encodeSlice } from '../lib/project/sliceCodec';
import type { Project } from './project.svelte';
import type { FeatureStudio } from './features.svelte';
import { backtestResultsTable, exportFileName, toCsv } from '../lib/export';
import { downloadBlob } from '../components/download';
import { parquetModule } from '../components/parquetModule';

export class BacktestState {
  /** Models the registry offers for backtests (local and global). */
  catalog = $state.raw<ModelInfo[]>([]);
  /** The runner's default candidate set (one list for both). */
  models = $state<string[]>([...DEFAULT_CANDIDATES]);
  /** Rolling origins in all: the last one is scored, the earlier ones choose `auto`. */
  windows = $state(3);
  /** Minutes the backtest may take (0: no limit); the slowest models are stopped and named past it. */
  budgetMinutes = $state(10);
  running = $state(false);
  progress = $state.raw<Progress | null>(null);
  result = $state.raw<BacktestSummary | null>(null);
  messages = $state.raw<DataIssue[]>([]);

  constructor(
    private project: Project,
    private features: FeatureStudio,
  ) {
    // The last backtest is kept with the project (autosave; the project file carries it too).
    project.registerSlice('backtest', {
      save: () => (this.result ? encodeSlice({ result: $state.snapshot(this.result), models: $state.snapshot(this.models), windows: this.windows, budgetMinutes: this.budgetMinutes }) : null),
      load: (text) => {
        const v = decodeSlice<{ result: BacktestSummary; models: string[]; windows: number; budgetMinutes?: number }>(text);
        if (!v.result || !Array.isArray(v.result.leaderboard)) throw new Error('the saved backtest is damaged');
        this.result = v.result;
        if (Array.isArray(v.models)) this.models = v.models.filter((x) => typeof x === 'string');
        if (typeof v.windows === 'number') this.windows = v.windows;
        if (typeof v.budgetMinutes === 'number' && v.budgetMinutes >= 0) this.budgetMinutes = v.budgetMinutes;
      },
      clear: () => (this.result = null),
    });
  }

  get h(): number {
    return this.project.horizon;
  }
  set h(v: number) {
    this.project.horizon = v;
  }

  /** Loads the model list from the registry (once). */
  async load() {
    if (this.catalog.length) return;
    try {
      this.catalog = await trainer().models();
    } catch (e) {
      this.messages = [{ level: 'error', code: 'models_unavailable', message: `The model list could not be read: ${(e as Error).message}`, hint: 'Reload the page.' }];
    }
  }

  toggle(name: string, on: boolean) {
    this.models = on ? [...new Set([...this.models, name])] : this.models.filter((x) => x !== name);
  }

  async run() {
    const m = this.project.mapping;
    if (!m) return;
    const budget = Number(this.budgetMinutes);
    if (this.budgetMinutes == null || String(this.budgetMinutes).trim() === '' || !(Number.isFinite(budget) && budget >= 0)) {
      this.messages = [{ level: 'error', code: 'bad_time_budget', message: `The time budget must be a number of minutes ≥ 0 (got "${this.budgetMinutes}").`, hint: 'Enter 0 for no limit, or e.g. 10.' }];
      return;
    }
    this.running = true;
    this.messages = [];
    this.progress = { fraction: 0, message: 'Reading the histories…' };
    const windows = Math.max(1, Math.floor(Number(this.windows)));
    try {
      const r = await trainer().backtest(
        {
          freq: m.freq, h: Math.floor(Number(this.h)), windows: 1, selectionWindows: windows - 1, models: $state.snapshot(this.models),
          covariates: $state.snapshot(m.covariates), statics: $state.snapshot(this.project.statics), spec: this.features.specFor(m.freq),
          timeBudget: budget * 60,
        },
        proxy((p: Progress) => (this.progress = p)),
      );
      if (r.cancelled) this.messages = [{ level: 'info', code: 'cancelled', message: 'The backtest was cancelled; the previous result is kept.' }];
      else {
        this.result = r;
        this.messages = r.issues;
        void this.project.persist('backtest');
      }
    } catch (e) {
      this.messages = [{ level: 'error', code: 'backtest_failed', message: `The backtest failed: ${(e as Error).message}`, hint: 'Use a shorter horizon or fewer windows. Your data is unchanged.' }];
    } finally {
      this.running = false;
      this.progress = null;
    }
  }

  cancel() {
    return trainer().cancel();
  }

  /**
   * Downloads the leaderboard and every leaderboard model's metrics per series as one table
   * (`section` = `leaderboard` | `series`; the CLI's field names, WAPE and coverages as fractions).
   */
  async exportResults(kind: 'csv' | 'parquet') {
    const r = this.result;
    if (!r) return;
    const table = backtestResultsTable(r);
    try {
      const data = kind === 'csv' ? new Blob([toCsv(table)], { type: 'text/csv' }) : new Blob([(await import('../lib/export/parquet')).tableToParquet(table, await parquetModule()) as BlobPart], { type: 'application/vnd.apache.parquet' });
      downloadBlob(data, exportFileName(`backtest-h${this.h}`, kind));
    } catch (e) {
      this.messages = [{ level: 'error', code: 'export_failed', message: `The ${kind.toUpperCase()} file could not be written: ${(e as Error).message}`, hint: kind === 'parquet' ? 'Download the CSV instead.' : 'Try again.' }];
    }
  }
}

const KEY = Symbol('backtest');
export const setBacktest = (s: BacktestState) => setContext(KEY, s);
export const getBacktest = () => getContext<BacktestState>(KEY);
