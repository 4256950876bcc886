/** Types of the DuckDB worker's comlink API (types only: the page imports nothing else from the worker). */
import type { ColumnMapping, DataIssue } from '../src/lib/data/contract';
import type { CleaningOptions } from '../src/lib/data/cleaning';
import type { MappingGuess } from '../src/lib/data/inferMapping';
import type { PreparedData, RawColumn } from '../src/lib/data/prepare';
import type { CsvReadOptions, FileKind } from '../src/lib/data/ingest';

export interface ColumnProfile {
  name: string;
  type: string;
  missingShare: number;
  min: string | null;
  max: string | null;
  distinct: number;
  /** `distinct` is an estimate (large tables); otherwise it is exact. */
  distinctApprox?: boolean;
}

export interface IngestResult {
  ok: boolean;
  name: string;
  kind: FileKind | null;
  bytes: number;
  rows: number;
  columns: RawColumn[];
  guess: MappingGuess | null;
  profile: ColumnProfile[];
  issues: DataIssue[];
  readOptions: CsvReadOptions;
  seconds: number;
}

export interface SeriesRow {
  unique_id: string;
  n: number;
  start: string;
  end_: string;
  zero_share: number;
  missing_share: number;
  volume: number;
  mean: number;
}

/** A chart selection: one series, or the sum over all series sharing an attribute value. */
export type { Selection } from '../src/lib/data/selection';
import type { Selection } from '../src/lib/data/selection';

export interface SeriesValues {
  label: string;
  ds: Int32Array;
  y: Float64Array;
  promo: Float64Array | null;
  outliers: Int32Array;
}

export interface ProjectRecord {
  version: 1;
  name: string;
  kind: FileKind;
  bytes: number;
  readOptions: CsvReadOptions;
  mapping: ColumnMapping | null;
  statics: string[];
  cleaning: CleaningOptions | null;
  savedAt: string;
  /** The feature spec last built in Features (used by the Models and Backtest steps after a reload). */
  featureSpec?: import('../src/lib/features').FeatureSpec | null;
  /** Set for files of this site (the sample): reloaded from here instead of being copied into storage. */
  url?: string;
  /** The saved project's id (changes with its data; results saved for another id are not restored). */
  id?: string;
  /** The stored file holding the data (`data-<id>.bin`); absent for the sample. */
  dataFile?: string;
}

/** A project opened from storage or from a project file, with the result slices kept with it. */
export interface OpenedProject {
  ingest: IngestResult;
  record: ProjectRecord;
  prepared: PreparedData | null;
  /** key → JSON text (see `src/lib/project/sliceCodec.ts`): trained model, backtest, view… */
  slices: Record<string, string>;
}

/** What opening a project file gives: the project, or why it was refused (nothing changed then). */
export type ImportResult = ({ ok: true } & OpenedProject) | { ok: false; message: string };

/** The page's view of the project for the project file: the step and horizon. */
export interface ProjectView {
  step?: string;
  horizon?: number;
}

export interface DbApi {
  /** Loads a file given by the user (a File handle: its bytes never pass through the page). */
  ingestFile(file: File): Promise<IngestResult>;
  /** Fetches and loads a file from this site (the bundled sample). */
  ingestUrl(url: string, name: string): Promise<IngestResult>;
  /** Builds `sales` and `series` from the mapping and cleaning choices, and saves the project. */
  prepare(mapping: ColumnMapping, statics: string[], cleaning: CleaningOptions): Promise<PreparedData>;
  listSeries(options: { search?: string; sort?: 'volume' | 'name' | 'length' | 'zeros'; limit?: number }): Promise<SeriesRow[]>;
  /** Attribute columns of `series` and their values (hierarchy levels). */
  levels(): Promise<{ column: string; values: string[] }[]>;
  seriesValues(sel: Selection): Promise<SeriesValues>;
  /**
   * Serves the db worker's SQL engine on `port` (an `EngineEndpoint`, see `src/lib/data/remoteEngine`): the
   * training worker runs the pipeline's stages (training data, features at each cutoff) through it.
   */
  connectEngine(port: MessagePort): Promise<void>;
  /** Restores the saved project, if any, with its result slices. */
  restore(): Promise<OpenedProject | null>;
  /**
   * Whether this tab owns the saved project (the page holds the Web Lock). A tab that does not own it
   * saves nothing: no file, record or result of it ever replaces the owner's.
   */
  setOwner(owner: boolean): Promise<void>;
  /** Keeps one result slice (`value`: JSON text, null removes it) with the saved project; false when not saved. */
  saveSlice(key: string, value: string | null): Promise<boolean>;
  /** The open project (data, settings and the given slices) as one zip file (src/lib/project/archive.ts). */
  exportProject(slices: Record<string, string>, view: ProjectView): Promise<{ bytes: Uint8Array; name: string }>;
  /**
   * Opens a project file (untrusted: checked by `readProjectArchive`). On any refusal the open project and
   * the saved one are unchanged and `message` says why; on success it is open and saved.
   */
  importProject(file: File): Promise<ImportResult>;
  clearProject(): Promise<void>;
  /** Small read-only query for previews (at most `limit` rows). */
  preview(sql: string, limit?: number): Promise<{ columns: string[]; rows: unknown[][] }>;
}

// ── Features step (workers/features.ts) ──────────────────────────────────────────────────────────
import type { CustomFeature, CustomFeatureCheck, FeatureColumn, FeatureSpec } from '../src/lib/features';
import type { BuildFeaturesOptions, FeatureBuildResult, FeaturePreview, FeatureSummaryRow } from './features';
export type { BuildFeaturesOptions, FeatureBuildResult, FeaturePreview, FeatureSummaryRow };

/** The `features` table for the training worker: Arrow IPC stream bytes (transferred) and its metadata. */
export interface FeatureHandOff {
  ipc: Uint8Array;
  columns: FeatureColumn[];
  /** Series ids in the order the rows come (unique_id, ds). */
  ids: string[];
  h: number;
  strategy: 'direct' | 'recursive';
}

export interface FeatureDbApi {
  /** Builds `features` from `spec` (null = the default spec) over `sales` (+ h future rows when `future`). */
  buildFeatures(spec: FeatureSpec | null, options: BuildFeaturesOptions): Promise<FeatureBuildResult>;
  /** The last built `features` table as Arrow IPC bytes with its column metadata. */
  featureIpc(): Promise<FeatureHandOff>;
  featurePreview(limit?: number): Promise<FeaturePreview>;
  /** Missing share, min, max, mean per feature of the last build. */
  featureSummary(): Promise<FeatureSummaryRow[]>;
  /** Validates a custom feature against `sales` (line/column of DuckDB's error when it fails). */
  checkCustomFeature(feature: CustomFeature): Promise<CustomFeatureCheck>;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DbApi extends FeatureDbApi {}
