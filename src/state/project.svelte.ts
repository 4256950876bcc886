/**
 * The studio's project state: what was loaded, how it maps onto the contract, how it was cleaned,
 * what is selected and what was forecast. Tables stay in the db worker; only summaries live here.
 */
import { getContext, setContext } from 'svelte';
import type { ColumnMapping, DataIssue } from '../lib/data/contract';
import type { FeatureSpec } from '../lib/features';
import { seasonLength } from '../lib/data/contract';
import { DEFAULT_CLEANING, type CleaningOptions } from '../lib/data/cleaning';
import type { PreparedData } from '../lib/data/prepare';
import type { IngestResult, Selection, SeriesRow, SeriesValues } from '../../workers/db.api';
import type { ModelInfo } from '../../workers/train.api';
import { db } from '../clients/db';
import { trainer } from '../clients/train';

export type Step = 'data' | 'explore' | 'features' | 'forecast' | 'models' | 'backtest' | 'promo' | 'replenish';

function errorIssue(e: unknown, what: string): DataIssue {
  const message = e instanceof Error ? e.message : String(e);
  return { level: 'error', code: 'internal', message: `${what} failed: ${message.split('\n')[0].slice(0, 300)}`, hint: 'Your loaded data is unchanged. Try again, or reload the page.' };
}

export class Project {
  step = $state<Step>('data');
  busy = $state<string | null>(null);
  messages = $state.raw<DataIssue[]>([]);
  ingest = $state.raw<IngestResult | null>(null);
  mapping = $state<ColumnMapping | null>(null);
  statics = $state<string[]>([]);
  cleaning = $state<CleaningOptions>({ ...DEFAULT_CLEANING });
  prepared = $state.raw<PreparedData | null>(null);
  selection = $state.raw<Selection>({ kind: 'total' });
  values = $state.raw<SeriesValues | null>(null);
  horizon = $state(28);
  /** The feature spec saved with the project (the last one built in Features), restored after a reload. */
  savedFeatureSpec = $state.raw<FeatureSpec | null>(null);
  /** Every model the registry offers (inputs, options, capabilities); the views list models from it. */
  catalog = $state.raw<ModelInfo[]>([]);

  ready = $derived(this.prepared != null && this.prepared.rows > 0 && !this.prepared.issues.some((i) => i.level === 'error'));
  season = $derived(seasonLength(this.mapping?.freq ?? 'D'));

  /** Runs `work` with a busy label; a failure becomes a message and leaves the data as it was. */
  private async run<T>(label: string, work: () => Promise<T>): Promise<T | null> {
    this.busy = label;
    try {
      return await work();
    } catch (e) {
      this.messages = [errorIssue(e, label)];
      return null;
    } finally {
      this.busy = null;
    }
  }

  private accept(r: IngestResult) {
    this.messages = r.issues;
    if (!r.ok) return; // keep whatever was loaded before
    this.ingest = r;
    this.mapping = r.guess ? structuredClone($state.snapshot(r.guess.mapping)) : null;
    this.statics = r.guess?.statics ?? [];
    this.prepared = null;
    this.values = null;
  }

  async loadFile(file: File) {
    const r = await this.run(`Loading ${file.name}`, () => db().ingestFile(file));
    if (r) this.accept(r);
  }

  async loadSample() {
    const url = new URL('sample/retail_sample.csv', document.baseURI).href;
    const r = await this.run('Loading the sample', () => db().ingestUrl(url, 'retail_sample.csv'));
    if (r) this.accept(r);
  }

  async applyMapping() {
    if (!this.mapping) return;
    const m = $state.snapshot(this.mapping) as ColumnMapping;
    const p = await this.run('Preparing the sales table', () => db().prepare(m, $state.snapshot(this.statics), $state.snapshot(this.cleaning)));
    if (!p) return;
    this.messages = p.issues;
    if (p.issues.some((i) => i.level === 'error')) return;
    this.prepared = p;
    await this.select({ kind: 'total' });
  }

  async select(sel: Selection) {
    this.selection = sel;
    const v = await this.run('Reading the series', () => db().seriesValues(sel));
    if (v) this.values = v;
  }

  /** The series of `sales` with their profile (search, sort), for the Explore step's list. */
  async listSeries(options: { search?: string; sort?: 'volume' | 'name' | 'length' | 'zeros'; limit?: number }): Promise<SeriesRow[]> {
    return db().listSeries(options).catch((e) => ((this.messages = [errorIssue(e, 'Listing the series')]), []));
  }

  /** Hierarchy levels of the `series` table (attribute columns and their values). */
  async levels(): Promise<{ column: string; values: string[] }[]> {
    return db().levels().catch((e) => ((this.messages = [errorIssue(e, 'Reading the levels')]), []));
  }

  /** Reads the model registry from the training worker (once). */
  async loadCatalog() {
    if (this.catalog.length) return;
    const c = await this.run('Reading the models', () => trainer().models());
    if (c) this.catalog = c;
  }

  async restore() {
    const r = await this.run('Restoring your project', () => db().restore());
    if (!r) return;
    this.accept(r.ingest);
    if (r.record.mapping) this.mapping = r.record.mapping;
    this.statics = r.record.statics;
    this.savedFeatureSpec = r.record.featureSpec ?? null;
    if (r.record.cleaning) this.cleaning = r.record.cleaning;
    if (r.prepared && !r.prepared.issues.some((i) => i.level === 'error')) {
      this.prepared = r.prepared;
      await this.select({ kind: 'total' });
    }
    this.messages = [{ level: 'info', code: 'restored', message: `Restored "${r.record.name}" from this browser (saved ${r.record.savedAt.slice(0, 16).replace('T', ' ')}).` }];
  }

  async newProject() {
    await this.run('Clearing the project', () => db().clearProject());
    this.ingest = null;
    this.mapping = null;
    this.prepared = null;
    this.values = null;
    this.cleaning = { ...DEFAULT_CLEANING };
    this.savedFeatureSpec = null;
    this.messages = [];
    this.step = 'data';
  }
}

const KEY = Symbol('project');
export const setProject = (p: Project) => setContext(KEY, p);
export const getProject = () => getContext<Project>(KEY);
