/**
 * State of the Forecast step: which models (per-series, global, `auto`), which quantiles, the run and its
 * results. Every series is forecast through the forecast contract in the training worker (`forecastStep`:
 * quantiles calibrated on a rolling-origin backtest — global models with features rebuilt at each cutoff
 * from the Features spec — written to the `forecasts` table under the baseline plan); the selection of the
 * project is charted. The horizon is the project's.
 */
import { getContext, setContext } from 'svelte';
import { proxy } from 'comlink';
import type { DataIssue } from '../lib/data/contract';
import type { Selection } from '../lib/data/selection';
import { parseQuantiles } from '../lib/forecast/quantiles';
import type { ForecastRunResult, Progress, QuantileForecast } from '../../workers/train.api';
import { trainer } from '../clients/train';
import type { Project } from './project.svelte';
import type { FeatureStudio } from './features.svelte';

/** The quantiles offered first: the 50, 80 and 90 % bands and the median. */
export const STUDIO_QUANTILES = '0.05,0.1,0.25,0.5,0.75,0.9,0.95';

const sameSelection = (a: Selection, b: Selection) => JSON.stringify(a) === JSON.stringify(b);

export class ForecastState {
  models = $state<string[]>(['snaive', 'mstl']);
  /** Quantile levels as typed (comma-separated, each strictly inside (0, 1)). */
  quantiles = $state(STUDIO_QUANTILES);
  running = $state(false);
  progress = $state.raw<Progress | null>(null);
  result = $state.raw<(ForecastRunResult & { selection: Selection; h: number; data: unknown }) | null>(null);
  messages = $state.raw<DataIssue[]>([]);
  /** The model charted ('' = the first one). */
  shown = $state('');
  /** A second model drawn over the first ('' = none). */
  compare = $state('');
  exporting = $state<string | null>(null);
  /**
   * The chart's zoom (days), kept across re-renders (another model, another step and back); null = the
   * default recent window. Not reactive on purpose: the chart writes it while it is being drawn.
   */
  zoom: [number, number] | null = null;
  private job = 0;

  constructor(
    private project: Project,
    private features?: FeatureStudio,
  ) {}

  /** Why the quantiles cannot be used, or null. */
  quantileError = $derived.by(() => {
    const r = parseQuantiles(this.quantiles);
    return 'error' in r ? `Quantiles: ${r.error}. Write levels such as ${STUDIO_QUANTILES} (add e.g. 0.98 for a high service level).` : null;
  });

  /** The last run's forecasts of the project's current selection (none once another series is selected or other data is open). */
  get forecasts(): QuantileForecast[] {
    const r = this.result;
    return r && r.data === this.project.prepared && sameSelection(r.selection, this.project.selection) ? r.forecasts : [];
  }

  get errors(): { model: string; message: string }[] {
    const r = this.result;
    return r && r.data === this.project.prepared && sameSelection(r.selection, this.project.selection) ? r.errors : [];
  }

  toggle(name: string, on: boolean) {
    this.models = on ? [...new Set([...this.models, name])] : this.models.filter((m) => m !== name);
  }

  async run() {
    const mapping = this.project.mapping;
    if (!mapping || this.running) return;
    if (this.quantileError) {
      this.messages = [{ level: 'error', code: 'bad_quantiles', message: this.quantileError }];
      return;
    }
    const job = ++this.job;
    this.running = true;
    this.messages = [];
    this.progress = { fraction: 0, message: 'Starting…' };
    const selection = $state.snapshot(this.project.selection) as Selection;
    const h = this.project.horizon;
    const data = this.project.prepared;
    const req = {
      selection, freq: mapping.freq, season: this.project.season, h, models: $state.snapshot(this.models), quantiles: this.quantiles,
      covariates: $state.snapshot(mapping.covariates) as typeof mapping.covariates,
      statics: $state.snapshot(this.project.statics), spec: this.features?.specFor(mapping.freq) ?? null,
    };
    try {
      // Progress of an older run (or arriving after this one returned) is ignored: no stale bar stays.
      const r = await trainer().forecast(req, proxy((p: Progress) => void (job === this.job && this.running && (this.progress = p))));
      if (job !== this.job) return;
      this.result = { ...r, selection, h, data };
      this.shown = r.forecasts.some((f) => f.model === this.shown) ? this.shown : (r.forecasts[0]?.model ?? '');
      if (this.compare === this.shown || !r.forecasts.some((f) => f.model === this.compare)) this.compare = '';
      this.zoom = null;
      if (r.cancelled) this.messages = [{ level: 'info', code: 'cancelled', message: `Cancelled: ${r.forecasts.length} of ${req.models.length} models finished.` }];
    } catch (e) {
      if (job === this.job) this.messages = [{ level: 'error', code: 'forecast_failed', message: `Forecasting failed: ${(e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 300)}`, hint: 'Your data is unchanged. Try fewer models or a shorter horizon.' }];
    } finally {
      if (job === this.job) {
        this.running = false;
        this.progress = null;
      }
    }
  }

  async cancel() {
    await trainer().cancel();
  }

  /** Downloads the last run's forecasts (CSV, Parquet) or the plan they were made under (CSV). */
  async download(format: 'csv' | 'parquet' | 'plan') {
    if (!this.result?.rows) return;
    this.exporting = format;
    try {
      const bytes = await trainer().exportForecasts(format);
      const type = format === 'parquet' ? 'application/vnd.apache.parquet' : 'text/csv';
      const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
      const a = document.createElement('a');
      a.href = url;
      a.download = format === 'plan' ? 'plan.csv' : `forecasts.${format}`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      this.messages = [{ level: 'error', code: 'export_failed', message: `The export failed: ${(e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 300)}`, hint: 'Run the forecast again, then export.' }];
    } finally {
      this.exporting = null;
    }
  }
}

const KEY = Symbol('forecast');
export const setForecast = (s: ForecastState) => setContext(KEY, s);
export const getForecast = () => getContext<ForecastState>(KEY);
