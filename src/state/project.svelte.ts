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
import type { ImportResult, IngestResult, OpenedProject, Selection, SeriesRow, SeriesValues } from '../../workers/db.api';
import type { ModelInfo } from '../../workers/train.api';
import { db } from '../clients/db';
import { trainer } from '../clients/train';

export type Step = 'data' | 'explore' | 'features' | 'forecast' | 'models' | 'backtest' | 'promo' | 'replenish';
const STEPS: Step[] = ['data', 'explore', 'features', 'forecast', 'models', 'backtest', 'promo', 'replenish'];

/**
 * A piece of a step's state kept with the project (autosaved, restored after a reload, carried by the
 * project file): `save` gives its JSON text (null: nothing to keep), `load` puts it back. A step registers
 * one with `project.registerSlice(key, slice)` and calls `project.persist(key)` when it changes.
 */
export interface PersistableSlice {
  save(): Promise<string | null> | string | null;
  load(text: string): Promise<void> | void;
  /** Called at once when a saved value will be loaded (e.g. to disable controls until `load` ends); `load` always follows. */
  willLoad?(): void;
  /** Forgets the slice's result: other data was opened (a new file or New project), so it no longer applies. */
  clear?(): void;
}

/** The Web Lock that makes one tab the owner of the saved project. */
export const OWNER_LOCK = 'forecast-studio-project';
/** How long a tab waits for the owner lock before it opens the project read-only (ms). */
const CLAIM_WAIT_MS = 1500;

function errorIssue(e: unknown, what: string): DataIssue {
  const message = e instanceof Error ? e.message : String(e);
  return { level: 'error', code: 'internal', message: `${what} failed: ${message.split('\n')[0].slice(0, 300)}`, hint: 'Your loaded data is unchanged. Try again, or reload the page.' };
}

export class Project {
  private currentStep = $state<Step>('data');
  /** The step shown; kept with the project so a reload returns to it. */
  get step(): Step {
    return this.currentStep;
  }
  set step(v: Step) {
    if (v === this.currentStep) return;
    this.currentStep = v;
    void this.persist('view');
  }
  /** True when another tab owns the saved project: this tab saves nothing (see `claim`). */
  readOnly = $state(false);
  /** Set in a read-only tab when the owner saved changes since this tab opened. */
  otherTabSaved = $state(false);
  private slices = new Map<string, PersistableSlice>();
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
    this.clearSlices();
    this.mapping = r.guess ? structuredClone($state.snapshot(r.guess.mapping)) : null;
    this.statics = r.guess?.statics ?? [];
    this.prepared = null;
    this.values = null;
  }

  async loadFile(file: File) {
    if (/\.fsproj$/i.test(file.name)) return this.importProject(file);
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

  /** Registers a slice of state kept with the project (see {@link PersistableSlice}). */
  registerSlice(key: string, slice: PersistableSlice) {
    this.slices.set(key, slice);
  }

  /** Saves slice `key` with the project now (nothing in a read-only tab or before the project is saved). */
  async persist(key: string) {
    const slice = this.slices.get(key);
    if (!slice || this.readOnly || !this.ready) return;
    try {
      await db().saveSlice(key, await slice.save());
    } catch {
      // a result that cannot be kept costs only its restore after a reload; the project itself is saved
    }
  }

  /**
   * Takes the project's Web Lock: the first tab owns the saved project; a second one opens it read-only
   * (it shows the project, saves nothing, and is told when the owner saves). Without Web Locks the tab owns it.
   */
  async claim() {
    const locks = (navigator as Navigator & { locks?: LockManager }).locks;
    if (!locks) return;
    const owner = await new Promise<boolean>((resolve) => {
      try {
        // Wait a moment for the lock rather than give up at once: a tab that was just closed (the user
        // closes the other tab and reloads this one) releases it shortly after it is gone.
        const signal = typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(CLAIM_WAIT_MS) : undefined;
        locks
          .request(OWNER_LOCK, signal ? { signal } : { ifAvailable: true }, (lock) => {
            resolve(!!lock);
            // Held for the life of the tab.
            return lock ? new Promise<void>(() => undefined) : undefined;
          })
          .catch((e: unknown) => resolve(!(e instanceof DOMException && (e.name === 'TimeoutError' || e.name === 'AbortError'))));
      } catch {
        resolve(true);
      }
    });
    if (owner) return;
    this.readOnly = true;
    await db().setOwner(false);
    try {
      new BroadcastChannel('forecast-studio').onmessage = (e: MessageEvent<{ kind?: string }>) => {
        if (e.data?.kind === 'saved') this.otherTabSaved = true;
      };
    } catch {
      // no BroadcastChannel: the note stays as it is
    }
  }

  /** The step the user was on, and the horizon. */
  private viewSlice(): PersistableSlice {
    return {
      save: () => JSON.stringify({ step: this.currentStep, horizon: this.horizon }),
      load: (text) => {
        const v = JSON.parse(text) as { step?: string; horizon?: number };
        if (typeof v.horizon === 'number' && Number.isInteger(v.horizon) && v.horizon >= 1 && v.horizon <= 10_000) this.horizon = v.horizon;
        if (this.ready && STEPS.includes(v.step as Step)) this.currentStep = v.step as Step;
      },
    };
  }

  /** Puts an opened project (restored or imported) on the page, then its slices (view first). */
  private async open(r: OpenedProject, message: DataIssue) {
    this.accept(r.ingest);
    if (r.record.mapping) this.mapping = r.record.mapping;
    this.statics = r.record.statics;
    this.savedFeatureSpec = r.record.featureSpec ?? null;
    this.cleaning = r.record.cleaning ? r.record.cleaning : { ...DEFAULT_CLEANING };
    const issues = r.prepared?.issues.filter((i) => i.level !== 'info' || i.code === 'read_only') ?? [];
    if (!this.slices.has('view')) this.registerSlice('view', this.viewSlice());
    const keys = ['view', ...Object.keys(r.slices).filter((k) => k !== 'view')].filter((k) => r.slices[k] != null && this.slices.has(k));
    if (r.prepared && !r.prepared.issues.some((i) => i.level === 'error')) {
      this.prepared = r.prepared;
      // In the same tick as the steps open: the slices about to load hold their controls.
      if (this.ready) for (const key of keys) this.slices.get(key)!.willLoad?.();
      await this.select({ kind: 'total' });
    }
    this.messages = [message, ...(r.ingest.ok ? [] : r.ingest.issues), ...issues];
    if (!this.ready) return;
    for (const key of keys) {
      const text = r.slices[key];
      const slice = this.slices.get(key);
      if (text == null || !slice) continue;
      try {
        await slice.load(text);
      } catch (e) {
        this.messages = [...this.messages, { level: 'warning', code: 'slice_not_restored', message: `A saved result (${key}) could not be brought back: ${(e as Error).message}`, hint: 'Run that step again.' }];
      }
    }
  }

  /** Restores the saved project; false when there was none (or it could not be read). */
  async restore(): Promise<boolean> {
    if (!this.slices.has('view')) this.registerSlice('view', this.viewSlice());
    const r = await this.run('Restoring your project', () => db().restore());
    if (!r) return false;
    const ro = this.readOnly ? ' Read-only here: it is open in another tab, which keeps it.' : '';
    await this.open(r, { level: 'info', code: 'restored', message: `Restored "${r.record.name}" from this browser (saved ${r.record.savedAt.slice(0, 16).replace('T', ' ')}).${ro}` });
    return true;
  }

  /** The whole project (data, settings, every registered slice) as one `.fsproj` file, downloaded. */
  async exportProject() {
    const slices: Record<string, string> = {};
    for (const [key, slice] of this.slices) {
      if (key === 'view') continue;
      const text = await Promise.resolve(slice.save()).catch(() => null);
      if (text != null) slices[key] = text;
    }
    const r = await this.run('Exporting the project', () => db().exportProject(slices, { step: this.currentStep, horizon: this.horizon }));
    if (!r) return;
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([r.bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' }));
    a.download = r.name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 30_000);
    this.messages = [{ level: 'info', code: 'project_exported', message: `The project was saved as ${r.name} (${(r.bytes.length / 1024 / 1024).toFixed(2)} MB): data, mapping, cleaning, features${Object.keys(slices).length ? `, ${Object.keys(slices).join(', ')}` : ''}.`, hint: 'Open it with “Open project file…” in this or another browser; it needs no network.' }];
  }

  /** Opens a `.fsproj` file; a refused file changes nothing that is open and says why. */
  async importProject(file: File) {
    const r = await this.run<ImportResult>(`Opening ${file.name}`, () => db().importProject(file));
    if (!r) return;
    if (!r.ok) {
      this.messages = [{ level: 'error', code: 'project_refused', message: r.message, hint: 'Use a file made by “Export project” in Forecast Studio.' }];
      return;
    }
    await this.open(r, { level: 'info', code: 'project_opened', message: `Opened the project file ${file.name} (${r.record.name}, ${r.prepared?.rows.toLocaleString('en') ?? 0} rows).` });
  }

  async newProject() {
    await this.run('Clearing the project', () => db().clearProject());
    this.ingest = null;
    this.mapping = null;
    this.prepared = null;
    this.values = null;
    this.cleaning = { ...DEFAULT_CLEANING };
    this.savedFeatureSpec = null;
    this.clearSlices();
    this.messages = [];
    this.currentStep = 'data';
  }

  /** Results of the previous data (trained model, backtest…) leave the steps when other data opens. */
  private clearSlices() {
    for (const slice of this.slices.values()) slice.clear?.();
  }
}

const KEY = Symbol('project');
export const setProject = (p: Project) => setContext(KEY, p);
export const getProject = () => getContext<Project>(KEY);
