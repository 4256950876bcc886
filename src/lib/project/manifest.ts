/**
 * The manifest of a one-file project (`manifest.json` inside the zip): which version of the format, the
 * data file and how to read it, the mapping, cleaning and feature spec, and the result slices it carries.
 */
import type { ColumnMapping } from '../data/contract';
import type { CleaningOptions } from '../data/cleaning';
import type { CsvReadOptions, FileKind } from '../data/ingest';
import type { FeatureSpec } from '../features';
import { schemaProblems, type FieldSchema, type ProjectProblem } from '../security/projectFile';

/** The `format` field of every project file. */
export const PROJECT_FORMAT = 'forecast-studio-project';
/** The newest format version this code reads and the one it writes. */
export const PROJECT_VERSION = 1;
/** Where the data sits inside the archive. */
export const DATA_PATH = 'data/upload.bin';

/** The project settings a file carries (what the db worker's record holds, minus storage details). */
export interface ProjectSettings {
  /** The data file's original name (shown to the user, used to sniff its kind). */
  name: string;
  kind: FileKind;
  readOptions: CsvReadOptions;
  mapping: ColumnMapping | null;
  statics: string[];
  cleaning: CleaningOptions | null;
  featureSpec: FeatureSpec | null;
  /** The step the user was on and the project's horizon. */
  step?: string;
  horizon?: number;
}

export interface ProjectManifest {
  format: typeof PROJECT_FORMAT;
  version: number;
  createdAt: string;
  project: ProjectSettings;
  data: { path: string; bytes: number };
  /** Result slices (trained model, backtest, plans…): `slices/<key>.json`. */
  slices: { key: string; path: string; bytes: number }[];
}

const KINDS: FileKind[] = ['csv', 'tsv', 'parquet', 'json', 'ndjson'];
const SETTINGS: FieldSchema = {
  name: 'string',
  kind: 'string',
  readOptions: 'object',
  'mapping?': 'object',
  statics: 'array',
  'cleaning?': 'object',
  'featureSpec?': 'object',
  'step?': 'string',
  'horizon?': 'number',
};
const MAPPING: FieldSchema = { id: 'array', date: 'string', target: 'string', covariates: 'array', freq: 'string', 'dateFormat?': 'string' };

/** Allowed values of each cleaning choice (a file's values reach SQL, so only known ones pass). */
const CLEANING_CHOICES: Record<string, readonly string[] | 'number'> = {
  duplicates: ['sum', 'mean', 'last'],
  missing: ['zero', 'leave', 'interpolate'],
  negatives: ['keep', 'zero', 'missing'],
  outlierZ: 'number',
  outliers: ['flag', 'cap'],
  covariates: ['ffill', 'zero', 'leave'],
  minLength: 'number',
};
const COVARIATE_CHOICES: Record<string, readonly string[] | 'text'> = {
  name: 'text',
  source: 'text',
  type: ['numeric', 'categorical'],
  timing: ['known_future', 'past_only', 'static'],
  role: ['price', 'promo', 'holiday', 'open', 'other'],
};

/** Problems of an object whose fields each take one of a few values (or a finite number / any text). */
function choiceProblems(value: unknown, choices: Record<string, readonly string[] | 'number' | 'text'>, path: string): ProjectProblem[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [{ path, message: `${path} should be an object.` }];
  const out: ProjectProblem[] = [];
  for (const [k, v] of Object.entries(value)) {
    const c = choices[k];
    const p = `${path}.${k}`;
    if (!c) out.push({ path: p, message: `${p} is not part of a project file.` });
    else if (c === 'number' ? typeof v !== 'number' || !Number.isFinite(v) : c === 'text' ? typeof v !== 'string' : !c.includes(v as string))
      out.push({ path: p, message: `${p} has a value the studio does not know (${JSON.stringify(v)?.slice(0, 40)}).` });
  }
  for (const k of Object.keys(choices)) if (!(k in (value as object))) out.push({ path: `${path}.${k}`, message: `${path}.${k} is missing.` });
  return out;
}

/** Drops `null` values (the schema check has no nullable kind; null means "absent" in a manifest). */
function withoutNulls(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));
}

/**
 * Problems of a parsed manifest: the format and version first (a newer file is refused as such), then
 * every field against the schema. An empty list means the manifest can be used.
 */
export function manifestProblems(value: Record<string, unknown>): ProjectProblem[] {
  if (value.format !== PROJECT_FORMAT) return [{ path: 'format', message: 'This is not a Forecast Studio project file (its manifest does not say "forecast-studio-project").' }];
  if (typeof value.version !== 'number' || !Number.isInteger(value.version) || value.version < 1)
    return [{ path: 'version', message: 'The project file has no valid format version.' }];
  if (value.version > PROJECT_VERSION)
    return [{ path: 'version', message: `This project file was made by a newer version of Forecast Studio (format ${value.version}; this studio reads format ${PROJECT_VERSION} and older). Open it with a newer studio.` }];
  const top = schemaProblems(value, { format: 'string', version: 'number', createdAt: 'string', project: 'object', data: { path: 'string', bytes: 'number' }, slices: 'array' });
  if (top.length) return top;
  const p = value.project as Record<string, unknown>;
  const out = schemaProblems(withoutNulls(p), SETTINGS, 'project');
  if (typeof p.kind === 'string' && !KINDS.includes(p.kind as FileKind)) out.push({ path: 'project.kind', message: `project.kind "${p.kind}" is not a file kind the studio reads.` });
  if (p.mapping && typeof p.mapping === 'object') {
    const m = withoutNulls(p.mapping as Record<string, unknown>);
    out.push(...schemaProblems(m, MAPPING, 'project.mapping'));
    if (!['D', 'W', 'M', 'Q', 'Y'].includes(String(m.freq))) out.push({ path: 'project.mapping.freq', message: 'project.mapping.freq is not a frequency the studio knows.' });
    for (const [i, c] of ((Array.isArray(m.id) ? m.id : []) as unknown[]).entries()) if (typeof c !== 'string') out.push({ path: `project.mapping.id[${i}]`, message: 'an id column should be a name (text).' });
    if (m.dateFormat != null && (typeof m.dateFormat !== 'string' || m.dateFormat.length > 40)) out.push({ path: 'project.mapping.dateFormat', message: 'project.mapping.dateFormat is not a date format.' });
    for (const [i, c] of ((Array.isArray(m.covariates) ? m.covariates : []) as unknown[]).entries()) out.push(...choiceProblems(c, COVARIATE_CHOICES, `project.mapping.covariates[${i}]`));
  }
  if (p.cleaning != null) out.push(...choiceProblems(p.cleaning, CLEANING_CHOICES, 'project.cleaning'));
  if (Array.isArray(p.statics) && p.statics.some((s) => typeof s !== 'string')) out.push({ path: 'project.statics', message: 'project.statics should list column names.' });
  const d = value.data as { path: string; bytes: number };
  if (d.path !== DATA_PATH) out.push({ path: 'data.path', message: `data.path should be "${DATA_PATH}".` });
  for (const [i, s] of (value.slices as unknown[]).entries()) {
    const sp = schemaProblems(s, { key: 'string', path: 'string', bytes: 'number' }, `slices[${i}]`);
    out.push(...sp);
    if (!sp.length) {
      const { key, path } = s as { key: string; path: string };
      if (!/^[a-z][a-z0-9_-]{0,40}$/.test(key) || path !== `slices/${key}.json`) out.push({ path: `slices[${i}]`, message: `slices[${i}] has an invalid name.` });
    }
  }
  return out;
}

/**
 * Every SQL text a document carries: the value of any `sql` field, at any depth, with its path (a
 * feature spec's custom features, the spec inside a model). Each one must pass the expression check.
 */
export function sqlFields(value: unknown, path = ''): { path: string; sql: string }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => sqlFields(v, `${path}[${i}]`));
  if (!value || typeof value !== 'object') return [];
  const out: { path: string; sql: string }[] = [];
  for (const [k, v] of Object.entries(value)) {
    const p = path ? `${path}.${k}` : k;
    if (k === 'sql') out.push({ path: p, sql: v as string });
    else out.push(...sqlFields(v, p));
  }
  return out;
}
