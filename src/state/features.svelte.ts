/**
 * State of the Features step: the form behind the FeatureSpec, the custom features, and the last build
 * (SQL, columns, issues, preview, summary). The tables themselves stay in the db worker.
 */
import type { ColumnMapping, DataIssue, Freq } from '../lib/data/contract';
import type { CustomFeature, CustomFeatureCheck, FeatureSpec, HolidayEvent } from '../lib/features';
import { defaultFeatureSpec } from '../lib/pipeline/defaultFeatureSpec';
import type { FeatureBuildResult, FeaturePreview, FeatureSummaryRow } from '../../workers/db.api';
import { getContext, setContext } from 'svelte';
import { db } from '../clients/db';

export type Stat = 'mean' | 'std' | 'min' | 'max';

/** Whole numbers ≥ 1 from a list such as "7, 14 28". */
export function parseList(text: string): number[] {
  return [...new Set(text.split(/[\s,;]+/).filter(Boolean).map(Number).filter((n) => Number.isInteger(n) && n >= 1))];
}

/** User events, one `YYYY-MM-DD name` per line (a bad date is kept so the compiler can report it). */
export function parseEvents(text: string): HolidayEvent[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [date, ...name] = l.split(/\s+/);
      return { date, name: name.join(' ') || date };
    });
}

/** What the Features step reads of the project: its horizon, its saved spec and which data is open. */
interface ProjectLink {
  horizon: number;
  savedFeatureSpec?: FeatureSpec | null;
  /** The open data (compared by identity: a new file, New project or an import replaces it). */
  prepared?: unknown;
}

export class FeatureStudio {
  /** The project's one horizon (this step's own until `attach`). */
  private horizon: ProjectLink = $state({ horizon: 28 });
  get h(): number {
    return this.horizon.horizon;
  }
  set h(v: number) {
    this.horizon.horizon = v;
  }
  /** The models forecast directly (lags ≥ h); the recursive strategy has no consumer and is not offered. */
  readonly strategy = 'direct' as const;
  future = $state(true);
  calendar = $state(true);
  weeklyOrder = $state(0);
  yearlyOrder = $state(3);
  holidays = $state(false);
  country = $state('');
  region = $state('');
  eventsText = $state('');
  before = $state(3);
  after = $state(1);
  lagsOn = $state(true);
  lagsText = $state('');
  windowsText = $state('');
  stats = $state<Stat[]>(['mean']);
  lastYear = $state(false);
  priceOn = $state(false);
  priceColumn = $state('');
  promoOn = $state(false);
  promoColumn = $state('');
  statics = $state<string[]>([]);
  transform = $state<'none' | 'log1p'>('none');
  scale = $state<'none' | 'mean'>('none');
  custom = $state<CustomFeature[]>([]);
  customName = $state('');
  customSql = $state('');
  customError = $state.raw<Extract<CustomFeatureCheck, { ok: false }> | null>(null);

  busy = $state<string | null>(null);
  result = $state.raw<FeatureBuildResult | null>(null);
  preview = $state.raw<FeaturePreview | null>(null);
  summary = $state.raw<FeatureSummaryRow[]>([]);
  failure = $state.raw<DataIssue[]>([]);
  /** The mapping the form was filled from (refilled when it changes). */
  private filledFor: string | null = null;
  /** The project's data the last build was made from. */
  private builtFor: unknown = undefined;

  issues = $derived([...this.failure, ...(this.result?.issues ?? [])]);

  /** Shares the project's horizon (one horizon for every step). */
  attach(project: ProjectLink) {
    this.horizon = project;
  }

  /**
   * The spec the models train, tune, load and backtest with: the one last built in this step (custom
   * features included, rejected ones removed), or null for the default spec when none was built.
   */
  specFor(freq: Freq): FeatureSpec | null {
    void freq;
    // A build of other data (before New project, another file or an import) is not this data's spec.
    if (this.result && this.result.rows > 0 && this.builtFor === this.horizon.prepared) return structuredClone($state.snapshot(this.result.spec) as FeatureSpec);
    const saved = this.horizon.savedFeatureSpec;
    return saved ? structuredClone($state.snapshot(saved) as FeatureSpec) : null;
  }

  /** Fills the form from the pipeline's default spec for this mapping (once per mapping). */
  init(mapping: ColumnMapping, seriesAttributes: string[], h: number, dataKey = '') {
    // A project opened from storage or a file (its saved spec) refills the form too.
    const key = JSON.stringify([mapping, seriesAttributes, dataKey, this.horizon.savedFeatureSpec ?? null]);
    if (this.filledFor === key) return;
    this.filledFor = key;
    this.h = h;
    const d = defaultFeatureSpec({ freq: mapping.freq, h, covariates: mapping.covariates, statics: seriesAttributes });
    const cal = d.calendar || {};
    this.weeklyOrder = cal.weeklyOrder ?? (mapping.freq === 'D' ? 2 : 0);
    this.yearlyOrder = cal.yearlyOrder ?? 3;
    const lags = d.lags || {};
    this.lagsText = (lags.lags ?? []).join(', ');
    this.windowsText = (lags.windows ?? []).join(', ');
    this.lastYear = lags.lastYear ?? false;
    const num = mapping.covariates.filter((c) => c.type === 'numeric');
    this.priceColumn = num.find((c) => c.role === 'price')?.name ?? '';
    this.priceOn = !!this.priceColumn;
    this.promoColumn = d.promo ? d.promo.column : (num.find((c) => c.role === 'promo')?.name ?? '');
    this.promoOn = !!this.promoColumn;
    this.statics = [...seriesAttributes];
    this.custom = d.custom ?? [];
    const saved = this.horizon.savedFeatureSpec;
    if (saved) this.fill(saved);
    this.result = null;
    this.preview = null;
    this.summary = [];
  }

  /** Fills the form from a saved spec (the project's, restored after a reload). */
  private fill(spec: FeatureSpec) {
    this.calendar = !!spec.calendar;
    if (spec.calendar) {
      this.weeklyOrder = spec.calendar.weeklyOrder ?? this.weeklyOrder;
      this.yearlyOrder = spec.calendar.yearlyOrder ?? this.yearlyOrder;
    }
    this.holidays = !!spec.holidays;
    if (spec.holidays) {
      this.country = spec.holidays.country ?? '';
      this.region = spec.holidays.region ?? '';
      this.eventsText = (spec.holidays.events ?? []).map((e) => `${e.date} ${e.name}`).join('\n');
      this.before = spec.holidays.before ?? this.before;
      this.after = spec.holidays.after ?? this.after;
    }
    this.lagsOn = !!spec.lags;
    if (spec.lags) {
      this.lagsText = (spec.lags.lags ?? []).join(', ');
      this.windowsText = (spec.lags.windows ?? []).join(', ');
      this.stats = [...((spec.lags.stats ?? ['mean']) as Stat[])];
      this.lastYear = spec.lags.lastYear ?? false;
    }
    this.priceOn = !!spec.price;
    if (spec.price) this.priceColumn = spec.price.column;
    this.promoOn = !!spec.promo;
    if (spec.promo) this.promoColumn = spec.promo.column;
    if (spec.statics) this.statics = [...spec.statics];
    this.transform = spec.target?.transform === 'log1p' ? 'log1p' : 'none';
    this.scale = spec.target?.scale === 'mean' ? 'mean' : 'none';
    this.custom = (spec.custom ?? []).map((c) => ({ ...c }));
  }

  /** The FeatureSpec the form describes. */
  spec(freq: Freq): FeatureSpec {
    return {
      calendar: this.calendar ? { parts: true, weeklyOrder: freq === 'D' ? this.weeklyOrder : 0, yearlyOrder: this.yearlyOrder } : false,
      holidays: this.holidays
        ? { country: this.country.trim() || undefined, region: this.region.trim() || undefined, events: parseEvents(this.eventsText), before: this.before, after: this.after }
        : false,
      lags: this.lagsOn
        ? { lags: parseList(this.lagsText), windows: parseList(this.windowsText), stats: [...this.stats], lastYear: this.lastYear, minPeriods: 1 }
        : false,
      price: this.priceOn && this.priceColumn ? { column: this.priceColumn } : false,
      promo: this.promoOn && this.promoColumn ? { column: this.promoColumn } : false,
      statics: [...this.statics],
      covariates: { knownFuture: true },
      target: { transform: this.transform, scale: this.scale },
      custom: this.custom.map((c) => ({ ...c })),
    };
  }

  private async run(label: string, work: () => Promise<void>) {
    this.busy = label;
    try {
      await work();
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.failure = [{ level: 'error', code: 'internal', message: `${label} failed: ${message.split('\n')[0].slice(0, 300)}`, hint: 'Your data is unchanged; try again.' }];
    } finally {
      this.busy = null;
    }
  }

  /** Builds the features table in the worker, then reads its preview and summary. */
  async build(freq: Freq) {
    const spec = this.spec(freq);
    await this.run('Building features', async () => {
      this.failure = [];
      const r = await db().buildFeatures(spec, { h: Number(this.h), strategy: this.strategy, future: this.future });
      this.result = r;
      this.builtFor = this.horizon.prepared;
      this.preview = r.rows ? await db().featurePreview(20) : null;
      this.summary = r.rows ? await db().featureSummary() : [];
    });
  }

  /** Validates the editor's feature in the worker; when it passes it joins the spec and the table is rebuilt. */
  async addCustom(freq: Freq) {
    const feature = { name: this.customName.trim(), sql: this.customSql };
    let ok = false;
    await this.run('Checking the feature', async () => {
      const r = await db().checkCustomFeature(feature);
      this.customError = r.ok ? null : r;
      ok = r.ok;
    });
    if (!ok) return;
    this.custom = [...this.custom.filter((c) => c.name !== feature.name), feature];
    this.customName = '';
    this.customSql = '';
    await this.build(freq);
  }

  async removeCustom(name: string, freq: Freq) {
    this.custom = this.custom.filter((c) => c.name !== name);
    if (this.result) await this.build(freq);
  }
}

const KEY = Symbol('features');
/** Makes `fs` the page's one FeatureStudio (kept while the user switches steps). */
export const setFeatures = (fs: FeatureStudio) => setContext(KEY, fs);
/** The page's FeatureStudio. */
export const featureStudio = () => getContext<FeatureStudio>(KEY);
