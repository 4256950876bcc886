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
import type { Project } from './project.svelte';
import type { FeatureStudio } from './features.svelte';

export class BacktestState {
  /** Models the registry offers for backtests (local and global). */
  catalog = $state.raw<ModelInfo[]>([]);
  /** The runner's default candidate set (one list for both). */
  models = $state<string[]>([...DEFAULT_CANDIDATES]);
  /** Rolling origins in all: the last one is scored, the earlier ones choose `auto`. */
  windows = $state(3);
  running = $state(false);
  progress = $state.raw<Progress | null>(null);
  result = $state.raw<BacktestSummary | null>(null);
  messages = $state.raw<DataIssue[]>([]);

  constructor(
    private project: Project,
    private features: FeatureStudio,
  ) {}

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
    this.running = true;
    this.messages = [];
    this.progress = { fraction: 0, message: 'Reading the histories…' };
    const windows = Math.max(1, Math.floor(Number(this.windows)));
    try {
      const r = await trainer().backtest(
        {
          freq: m.freq, h: Math.floor(Number(this.h)), windows: 1, selectionWindows: windows - 1, models: $state.snapshot(this.models),
          covariates: $state.snapshot(m.covariates), statics: $state.snapshot(this.project.statics), spec: this.features.specFor(m.freq),
        },
        proxy((p: Progress) => (this.progress = p)),
      );
      if (r.cancelled) this.messages = [{ level: 'info', code: 'cancelled', message: 'The backtest was cancelled; the previous result is kept.' }];
      else {
        this.result = r;
        this.messages = r.issues;
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
}

const KEY = Symbol('backtest');
export const setBacktest = (s: BacktestState) => setContext(KEY, s);
export const getBacktest = () => getContext<BacktestState>(KEY);
