/** State of the Models step: the TF.js backend, the training run (live losses) and its forecasts. */
import { proxy, transfer } from 'comlink';
import type { BackendInfo, BenchmarkRow, GlobalTrainResult, ModelInfo, Progress } from '../../workers/train.api';
import type { SeriesValues } from '../../workers/db.api';
import { isoToDay, stepDays, type DataIssue } from '../lib/data/contract';
import { db } from '../clients/db';
import { trainer } from '../clients/train';
import { onRestart, type WorkerEvent } from '../clients/supervise';
import type { Project } from './project.svelte';
import type { FeatureStudio } from './features.svelte';
import { getContext, setContext } from 'svelte';

export class ModelsState {
  backendChoice = $state('auto');
  backend = $state.raw<BackendInfo | null>(null);
  bench = $state.raw<BenchmarkRow[]>([]);
  model = $state('mlp');
  /** The global models the registry offers, with their options and capabilities. */
  catalog = $state.raw<ModelInfo[]>([]);
  card = $derived(this.catalog.find((c) => c.name === this.model) ?? null);
  epochs = $state(15);
  hidden = $state('64,64');
  learningRate = $state(0.002);
  batchSize = $state(256);
  seed = $state(1);
  running = $state(false);
  progress = $state.raw<Progress | null>(null);
  started = $state(0);
  losses = $state.raw<number[]>([]);
  valLosses = $state.raw<number[]>([]);
  result = $state.raw<GlobalTrainResult | null>(null);
  shownId = $state('');
  history = $state.raw<SeriesValues | null>(null);
  messages = $state.raw<DataIssue[]>([]);
  /** Best configuration found by the search, per model; merged into the options when that model trains. */
  tuned = $state.raw<Record<string, Record<string, unknown>>>({});
  trials = $state.raw<{ options: Record<string, unknown>; budget: number; wape: number; round: number }[]>([]);

  eta = $derived.by(() => {
    const p = this.progress;
    if (!p || !this.started || p.fraction <= 0.02) return null;
    return ((Date.now() - this.started) / 1000) * ((1 - p.fraction) / p.fraction);
  });

  /** A global model needs lags at least one horizon back and as much history again to learn from. */
  private horizonTooLong(): boolean {
    const m = this.project.mapping;
    const range = this.project.prepared?.range;
    const periods = m && range ? Math.floor((isoToDay(range.end) - isoToDay(range.start)) / stepDays(m.freq)) + 1 : 0;
    if (this.horizon >= 1 && this.horizon * 2 <= periods) return false;
    this.messages = [
      {
        level: 'error',
        code: 'horizon_too_long',
        message: `A horizon of ${this.horizon} periods is too long for ${periods} periods of history: the model needs features at least one horizon back and as much history again to learn from.`,
        hint: `Use a horizon of at most ${Math.max(1, Math.floor(periods / 2))} periods, or load more history.`,
      },
    ];
    return true;
  }

  /** A cancel that arrives while features are still being built (before the worker has a job). */
  private cancelRequested = false;

  constructor(
    private project: Project,
    private features: FeatureStudio,
  ) {
    // The last trained model is kept with the project (autosave; the project file carries it too).
    project.registerSlice('model', {
      save: async () => {
        const text = this.result ? await trainer().exportModel(false).catch(() => null) : null;
        this.autosaved = text;
        return text;
      },
      load: (text) => {
        this.autosaved = text;
        return this.loadModel(null, text);
      },
      willLoad: () => (this.running = true),
      clear: () => {
        this.result = null;
        this.history = null;
        this.losses = [];
        this.valLosses = [];
        this.messages = [];
      },
    });
    onRestart('train', (e) => void this.restoreAfterRestart(e));
  }

  /** The model text last kept with the project (what `save` wrote or `load` read); null when none. */
  private autosaved: string | null = null;

  /**
   * A replaced training worker has lost the trained model: it is loaded back from the project's autosave,
   * so the next forecast, save or download works without training again.
   */
  private async restoreAfterRestart(e: WorkerEvent) {
    const text = this.autosaved;
    if (!text || !this.result || !this.project.ready) return;
    // Wait for a job that was running to end (its own failure message comes first).
    while (this.running) await new Promise((r) => setTimeout(r, 50));
    const failed = this.messages;
    await this.loadModel(null, text);
    if (this.messages.some((m) => m.code === 'model_restored'))
      this.messages = [...failed, { level: 'info', code: 'model_restored', message: `${e.label.charAt(0).toUpperCase() + e.label.slice(1)} was restarted; the last trained model was loaded back from the project's autosave, so forecasting does not need a new training.` }];
  }

  /** The project's one horizon. */
  get horizon(): number {
    return this.project.horizon;
  }
  set horizon(v: number) {
    this.project.horizon = v;
  }

  private stoppedEarly(): boolean {
    if (!this.cancelRequested) return false;
    this.messages = [{ level: 'info', code: 'cancelled', message: 'Training was cancelled; the previous result is kept.' }];
    return true;
  }

  private detectSeq = 0;

  /** Loads the list of global models from the registry (once). */
  async loadCatalog() {
    if (this.catalog.length) return;
    try {
      this.catalog = (await trainer().models()).filter((m) => m.scope === 'global');
    } catch (e) {
      this.messages = [{ level: 'error', code: 'models_unavailable', message: `The model list could not be read: ${(e as Error).message}`, hint: 'Reload the page.' }];
    }
  }

  /**
   * The options sent with Train: the form's network knobs only to neural models, and only those the model
   * declares (the MLP's learning rate never reaches the GBDT), plus what the search found for this model.
   */
  private options(hidden: number[]): Record<string, unknown> {
    const declared = new Set(this.card?.options.map((o) => o.name) ?? []);
    // The form's layer list fits the MLP; a sequence network declares one width: its first layer's.
    const oneWidth = typeof this.card?.options.find((o) => o.name === 'hidden')?.default === 'number';
    const width = oneWidth ? hidden[0] : hidden;
    const form: Record<string, unknown> = this.card?.kind === 'neural' ? { epochs: this.epochs, ...(width !== undefined ? { hidden: width } : {}), learningRate: this.learningRate, batchSize: this.batchSize, seed: this.seed } : {};
    const picked = Object.fromEntries(Object.entries(form).filter(([k]) => declared.has(k)));
    return { ...picked, ...(this.tuned[this.model] ?? {}) };
  }

  async detect() {
    const seq = ++this.detectSeq;
    try {
      const b = await trainer().backend(this.backendChoice);
      if (seq === this.detectSeq) this.backend = b;
    } catch (e) {
      this.messages = [{ level: 'error', code: 'backend', message: `No TF.js backend could start: ${(e as Error).message}`, hint: 'Try another browser, or pick the CPU backend.' }];
    }
  }

  /** Progress of *Compare backends* (one backend after another), null when not running. */
  benchProgress = $state.raw<Progress | null>(null);
  private benchStop = false;

  /** Benchmarks each backend in turn, so the page can say which one runs and how far it got. */
  async compare() {
    this.bench = [];
    this.running = true;
    this.benchStop = false;
    const list = ['webgpu', 'wasm', 'webgl', 'cpu'];
    try {
      for (const [i, b] of list.entries()) {
        if (this.benchStop) break;
        this.benchProgress = { fraction: i / list.length, message: `Benchmarking ${b} (${i + 1} of ${list.length}): a small MLP and LSTM train for a few steps…` };
        this.bench = [...this.bench, ...(await trainer().benchmark([b], 20))];
      }
      this.backend = await trainer().backend(this.backendChoice);
    } catch (e) {
      this.messages = [{ level: 'error', code: 'benchmark_failed', message: `The backend comparison failed: ${(e as Error).message}`, hint: 'The rows measured so far are shown.' }];
    } finally {
      this.running = false;
      this.benchProgress = null;
    }
  }

  /** Stops *Compare backends* after the backend being measured. */
  stopCompare() {
    this.benchStop = true;
  }

  /** Whether the model trains with TF.js (neural); the others run in plain JavaScript in the worker. */
  get usesTf(): boolean {
    return this.card?.kind === 'neural';
  }

  /** Whether the form's `name` field applies: the model's catalog card declares that option. */
  declares(name: string): boolean {
    return this.card?.options.some((o) => o.name === name) ?? false;
  }

  private quantileFits = new Set<string>();

  /**
   * The worker reports the start of each interval fit of a tree model (`quantile 0.9`, fraction 0):
   * say in words which band edge is fitted and how many fits are done, and move the bar per fit.
   */
  private readable(p: Progress): Progress {
    const msg = p.message ?? '';
    const q = /quantile ([\d.]+)/.exec(msg);
    if (q) {
      this.quantileFits.add(q[1]);
      const k = this.quantileFits.size - 1;
      const n = Math.max(4, this.quantileFits.size);
      const a = Number(q[1]);
      const band = Math.round(Math.abs(1 - 2 * a) * 100);
      return { ...p, fraction: Math.max(p.fraction, (0.5 * k) / n), message: `Fitting the ${a < 0.5 ? 'lower' : 'upper'} edge of the ${band} % band (quantile ${a}): fit ${k + 1} of ${n + 1}` };
    }
    if (/: fit$/.test(msg) && this.quantileFits.size) return { ...p, message: `Fitting the point forecast: fit ${this.quantileFits.size + 1} of ${this.quantileFits.size + 1}` };
    return p;
  }

  async train() {
    const m = this.project.mapping;
    if (!m) return;
    this.messages = [];
    this.cancelRequested = false;
    if (this.horizonTooLong()) return;
    this.running = true;
    this.losses = [];
    this.valLosses = [];
    this.started = Date.now();
    this.progress = { fraction: 0, message: 'Building features…' };
    let phase = '';
    try {
      const built = await db().buildFeatures(this.features.specFor(m.freq), { h: this.horizon, strategy: this.card?.strategy ?? 'direct', future: true });
      const errors = built.issues.filter((i) => i.level === 'error');
      if (errors.length) {
        this.messages = built.issues;
        return;
      }
      if (this.stoppedEarly()) return;
      const { ipc, columns, ids } = await db().featureIpc();
      if (this.stoppedEarly()) return;
      const hidden = this.hidden.split(',').map((s) => Number(s.trim())).filter((n) => n > 0);
      this.quantileFits = new Set();
      const onProgress = (p: Progress) => {
        this.progress = this.readable(p);
        // A new phase (calibration fit, final fit) starts a new curve.
        const ph = (p.message ?? '').replace(/epoch.*$/, '');
        if (p.loss != null) {
          if (p.step === 1 && phase !== 'curve') {
            this.losses = [];
            this.valLosses = [];
          }
          phase = p.step === 1 ? 'curve' : phase;
          this.losses = [...this.losses, p.loss];
          if (p.valLoss != null) this.valLosses = [...this.valLosses, p.valLoss];
        } else if (ph) phase = ph;
      };
      // The feature table's bytes move on to the training worker (transferred: no copy on the page's thread).
      const r = await trainer().trainGlobal(
        transfer(ipc, [ipc.buffer]),
        columns,
        ids,
        {
          model: this.model,
          freq: m.freq,
          season: this.project.season,
          h: this.horizon,
          backend: this.backendChoice,
          spec: built.spec,
          options: this.options(hidden),
        },
        proxy(onProgress),
      );
      // Only a neural model runs on a TF.js backend; a tree or linear model's "js" is not one.
      if (this.card?.kind === 'neural') this.backend = r.backend;
      if (r.cancelled && !r.forecasts.length) {
        this.messages = [{ level: 'info', code: 'cancelled', message: 'Training was cancelled; the previous result is kept.' }];
        return;
      }
      if (!r.forecasts.length) {
        this.messages = [{ level: 'error', code: 'no_forecast', message: 'The model produced no forecast: no series has enough history for this horizon.', hint: 'Shorten the horizon or load more history.' }];
        return;
      }
      this.result = r;
      if (r.backend.notes.length) this.messages = r.backend.notes.map((n) => ({ level: 'warning', code: 'backend_fallback', message: n }));
      if (!this.shownId || !r.ids.includes(this.shownId)) this.shownId = r.ids[0];
      void this.project.persist('model');
      await this.show(this.shownId);
    } catch (e) {
      this.messages = [{ level: 'error', code: 'train_failed', message: `Training failed: ${(e as Error).message}`, hint: 'Try fewer epochs, another model, or the WASM backend. Your data is unchanged.' }];
    } finally {
      this.running = false;
      this.progress = null;
    }
  }

  /** Keeps the last trained model in this browser, or downloads it as a file. */
  async saveModel(where: 'browser' | 'file') {
    if (where === 'browser' && this.project.readOnly) {
      // The tab that owns the project keeps what is saved in this browser; this one must not overwrite it.
      this.messages = [{ level: 'warning', code: 'model_save_read_only', message: 'This tab is read-only (the project is open in another tab), so the model is not kept in this browser.', hint: 'Use “Download model” to keep it as a file, or save it from the other tab.' }];
      return;
    }
    try {
      const text = await trainer().exportModel(where === 'browser');
      if (where === 'file') {
        const a = document.createElement('a');
        a.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
        a.download = `forecast-studio-${this.result?.model ?? 'model'}.json`;
        a.click();
        setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
      }
      this.messages = [{ level: 'info', code: 'model_saved', message: where === 'browser' ? 'The model is kept in this browser; “Load saved model” brings it back after a reload.' : 'The model file was downloaded.' }];
    } catch (e) {
      this.messages = [{ level: 'error', code: 'model_save_failed', message: `The model could not be saved: ${(e as Error).message}` }];
    }
  }

  /**
   * Loads a model (from a file, the one kept in this browser, or `restored`: the text kept with the
   * project) and forecasts every series with it.
   */
  async loadModel(file: File | null, restored?: string) {
    const m = this.project.mapping;
    if (!m) return void (this.running = false);
    this.running = true;
    this.messages = [];
    try {
      const info = await trainer().importModel(restored ?? (file ? await file.text() : null));
      if (restored && this.catalog.some((c) => c.name === info.model)) this.model = info.model;
      // The frame the saved model was trained on: lags from 1 for a recursive model, lags ≥ h otherwise.
      const built = await db().buildFeatures(info.spec ?? this.features.specFor(m.freq), { h: info.h, strategy: info.strategy, future: true });
      if (built.issues.some((i) => i.level === 'error')) {
        this.messages = built.issues;
        return;
      }
      const { ipc, columns, ids } = await db().featureIpc();
      this.horizon = info.h;
      const r = await trainer().predictLoaded(transfer(ipc, [ipc.buffer]), columns, ids, { freq: m.freq, season: this.project.season });
      this.result = r;
      this.messages = [
        restored
          ? { level: 'info', code: 'model_restored', message: `The last trained model (${info.model}, trained ${info.savedAt.slice(0, 16).replace('T', ' ')}) is back; forecasts below use the current data.` }
          : { level: 'info', code: 'model_loaded', message: `Loaded the ${info.model} model saved ${info.savedAt.slice(0, 16).replace('T', ' ')}; forecasts below use the current data.` },
      ];
      if (!restored) void this.project.persist('model');
      if (!this.shownId || !r.ids.includes(this.shownId)) this.shownId = r.ids[0];
      await this.show(this.shownId);
    } catch (e) {
      this.messages = [{ level: 'error', code: 'model_load_failed', message: `The model could not be loaded: ${(e as Error).message}`, hint: 'Load a file saved by Forecast Studio’s “Download model”, for data mapped the same way.' }];
    } finally {
      this.running = false;
    }
  }

  /** Successive-halving search for the chosen model; the winner is used by the next Train. */
  async tune() {
    const m = this.project.mapping;
    if (!m) return;
    this.messages = [];
    if (this.horizonTooLong()) return;
    this.running = true;
    this.trials = [];
    this.progress = { fraction: 0, message: 'Building features…' };
    try {
      const built = await db().buildFeatures(this.features.specFor(m.freq), { h: this.horizon, strategy: this.card?.strategy ?? 'direct', future: true });
      if (built.issues.some((i) => i.level === 'error')) return void (this.messages = built.issues);
      const { ipc, columns, ids } = await db().featureIpc();
      const r = await trainer().tune(transfer(ipc, [ipc.buffer]), columns, ids, { model: this.model, freq: m.freq, season: this.project.season, h: this.horizon, configs: 8 }, proxy((p: Progress) => (this.progress = p)));
      this.trials = r.trials;
      if (r.best) {
        this.tuned = { ...this.tuned, [this.model]: r.best };
        if (Array.isArray(r.best.hidden)) this.hidden = (r.best.hidden as number[]).join(',');
        if (typeof r.best.learningRate === 'number') this.learningRate = r.best.learningRate;
        if (typeof r.best.batchSize === 'number') this.batchSize = r.best.batchSize;
      }
    } catch (e) {
      this.messages = [{ level: 'error', code: 'tune_failed', message: `The search failed: ${(e as Error).message}` }];
    } finally {
      this.running = false;
      this.progress = null;
    }
  }

  async cancel() {
    this.cancelRequested = true;
    await trainer().cancel();
  }

  async show(id: string) {
    this.shownId = id;
    this.history = await db().seriesValues({ kind: 'series', id });
  }
}

const KEY = Symbol('models');
export const setModels = (s: ModelsState) => setContext(KEY, s);
export const getModels = () => getContext<ModelsState>(KEY);
