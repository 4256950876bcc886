/**
 * The one-file project: a zip holding `manifest.json`, the data (`data/upload.bin`, the bytes the user
 * loaded, so a reopened project reads exactly the same table) and the result slices (`slices/<key>.json`:
 * trained model, backtest, plans). Reading one is reading untrusted input: sizes are checked before
 * anything is inflated, the JSON is parsed without prototype keys, the manifest is schema-checked, and
 * every SQL text anywhere in it goes through the custom-feature check. Nothing from the file is run.
 */
import { strFromU8, strToU8, unzipSync, zipSync, type Unzipped } from 'fflate';
import { MAX_PROJECT_BYTES, parseProjectJson, projectSqlProblems, type ProjectProblem } from '../security/projectFile';
import { DATA_PATH, manifestProblems, PROJECT_FORMAT, PROJECT_VERSION, sqlFields, type ProjectManifest, type ProjectSettings } from './manifest';

/** Size limits of a project file (bytes). */
export interface ArchiveLimits {
  /** The whole file as given (default 1.2 GB). */
  file: number;
  /** The data inside, uncompressed (default 1 GB, the studio's upload limit). */
  data: number;
  /** The manifest (default 20 MB). */
  manifest: number;
  /** Each result slice, uncompressed (default 300 MB). */
  slice: number;
}

export const DEFAULT_LIMITS: ArchiveLimits = { file: 1.2 * 1024 ** 3, data: 1024 ** 3, manifest: MAX_PROJECT_BYTES, slice: 300 * 1024 ** 2 };

/** What a project file holds once read and checked. */
export interface ProjectArchive {
  manifest: ProjectManifest;
  data: Uint8Array;
  /** key → JSON text of the slice's value. */
  slices: Record<string, string>;
}

export type ReadResult = { ok: true; archive: ProjectArchive } | { ok: false; message: string; problems: ProjectProblem[] };

const NOTHING_CHANGED = 'Nothing was changed: the open project stays as it is.';
const mb = (n: number) => `${(n / 1024 ** 2).toFixed(n < 1024 ** 2 ? 2 : 0)} MB`;

function refuse(problems: ProjectProblem[], lead = 'This project file cannot be opened'): ReadResult {
  const shown = problems.slice(0, 3).map((p) => p.message).join(' ');
  const more = problems.length > 3 ? ` (and ${problems.length - 3} more problems)` : '';
  return { ok: false, message: `${lead}: ${shown}${more} ${NOTHING_CHANGED}`, problems };
}

/** Options of {@link writeProjectArchive}. */
export interface WriteOptions {
  settings: ProjectSettings;
  data: Uint8Array;
  /** key → JSON text (e.g. from `encodeSlice`). */
  slices?: Record<string, string>;
  createdAt?: string;
}

/** The project as one zip file (format {@link PROJECT_VERSION}). */
export function writeProjectArchive(o: WriteOptions): Uint8Array {
  const slices = Object.entries(o.slices ?? {}).map(([key, text]) => ({ key, path: `slices/${key}.json`, bytes: strToU8(text) }));
  const manifest: ProjectManifest = {
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    createdAt: o.createdAt ?? new Date().toISOString(),
    project: o.settings,
    data: { path: DATA_PATH, bytes: o.data.length },
    slices: slices.map((s) => ({ key: s.key, path: s.path, bytes: s.bytes.length })),
  };
  const files: Record<string, Uint8Array | [Uint8Array, { level: 0 | 1 | 6 }]> = {
    'manifest.json': [strToU8(JSON.stringify(manifest, null, 1)), { level: 6 }],
    [DATA_PATH]: [o.data, { level: 1 }],
  };
  for (const s of slices) files[s.path] = [s.bytes, { level: 6 }];
  return zipSync(files);
}

/** Reads and checks a project file; refuses a newer, damaged, oversized or hostile one with a message. */
export function readProjectArchive(bytes: Uint8Array, limits: Partial<ArchiveLimits> = {}): ReadResult {
  const lim = { ...DEFAULT_LIMITS, ...limits };
  if (bytes.length > lim.file) return refuse([{ path: '', message: `The file is ${mb(bytes.length)}; a project file of at most ${mb(lim.file)} is accepted.` }]);
  if (bytes.length < 22 || bytes[0] !== 0x50 || bytes[1] !== 0x4b || bytes[2] !== 0x03 || bytes[3] !== 0x04)
    return refuse([{ path: '', message: 'It is not a Forecast Studio project file (a .fsproj zip made by “Export project”).' }]);
  // Inflate only the files a project may hold, and only after their declared sizes are checked.
  const sizes = new Map<string, number>();
  let entries: Unzipped;
  try {
    entries = unzipSync(bytes, { filter: (f) => (sizes.set(f.name, f.originalSize), f.name === 'manifest.json' && f.originalSize <= lim.manifest) });
  } catch (e) {
    return refuse([{ path: '', message: `The file is damaged (${e instanceof Error ? e.message : String(e)}).` }]);
  }
  if (!sizes.has('manifest.json')) return refuse([{ path: 'manifest.json', message: 'It has no manifest.json, so it is not a Forecast Studio project file.' }]);
  if (!entries['manifest.json']) return refuse([{ path: 'manifest.json', message: `Its manifest is larger than ${mb(lim.manifest)}.` }]);
  const parsed = parseProjectJson(strFromU8(entries['manifest.json']), lim.manifest);
  if (!parsed.ok) return refuse([parsed.problem]);
  const problems = manifestProblems(parsed.value);
  if (problems.length) return refuse(problems, problems[0].path === 'version' ? 'This project file cannot be opened here' : 'This project file is damaged or not one of ours');
  const manifest = parsed.value as unknown as ProjectManifest;
  const wanted = new Map<string, number>([[DATA_PATH, lim.data], ...manifest.slices.map((s) => [s.path, lim.slice] as [string, number])]);
  const oversize: ProjectProblem[] = [];
  for (const [path, limit] of wanted) {
    const size = sizes.get(path);
    if (size == null) oversize.push({ path, message: `${path} is missing from the file.` });
    else if (size > limit) oversize.push({ path, message: `${path} is ${mb(size)} uncompressed; at most ${mb(limit)} is accepted.` });
  }
  if (oversize.length) return refuse(oversize);
  try {
    entries = unzipSync(bytes, { filter: (f) => wanted.has(f.name) && f.originalSize <= wanted.get(f.name)! });
  } catch (e) {
    return refuse([{ path: '', message: `The file is damaged (${e instanceof Error ? e.message : String(e)}).` }]);
  }
  const data = entries[DATA_PATH];
  if (!data || data.length !== manifest.data.bytes) return refuse([{ path: DATA_PATH, message: 'The data inside does not have the size the manifest gives (the file is damaged).' }]);
  const slices: Record<string, string> = {};
  const sql = sqlFields(manifest.project, 'project');
  for (const s of manifest.slices) {
    const b = entries[s.path];
    if (!b || b.length !== s.bytes || b.length > lim.slice) return refuse([{ path: s.path, message: `${s.path} does not have the size the manifest gives (the file is damaged).` }]);
    const text = strFromU8(b);
    const v = parseProjectJson(text, lim.slice);
    if (!v.ok) return refuse([{ ...v.problem, path: s.path, message: `${s.path}: ${v.problem.message}` }]);
    sql.push(...sqlFields(v.value, s.key));
    slices[s.key] = text;
  }
  const hostile = projectSqlProblems(sql);
  if (hostile.length) return refuse(hostile, 'This project file carries SQL the studio does not run');
  return { ok: true, archive: { manifest, data, slices } };
}
