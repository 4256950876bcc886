/**
 * Saving a project so that no save can lose work: the data goes under a new name first, the small record
 * that points at it is swapped after (one whole-file write), and only then is the old data removed. A
 * failure at any point leaves the previous record and the bytes it points at untouched. Pure: the
 * storage is a {@link ProjectStore} (OPFS in the db worker, a Map in the tests).
 */

/** A flat folder of named files. `write` replaces a file only once the whole content is written. */
export interface ProjectStore {
  read(name: string): Promise<Uint8Array | null>;
  write(name: string, data: Uint8Array | string): Promise<void>;
  remove(name: string): Promise<void>;
  list(): Promise<string[]>;
}

/** The record file: the one pointer a save swaps. */
export const RECORD_FILE = 'project.json';
/** Files of results kept with a project (`slice-<key>.json`). */
export const SLICE_PREFIX = 'slice-';

/** What the record must carry for the store: a project id and, when its bytes are kept, their file. */
export interface StoredRecord {
  /** Changes whenever the data changes: results saved for another id are not restored. */
  id?: string;
  /** The file holding the project's bytes (absent: none kept, e.g. the site's sample). */
  dataFile?: string;
}

/** A save that did not happen; `cause` is what the storage threw. The previous project is intact. */
export class ProjectSaveError extends Error {
  constructor(
    message: string,
    readonly cause: unknown,
  ) {
    super(message);
    this.name = 'ProjectSaveError';
  }
}

const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** A fresh id (time + random), used for projects and data file names. */
export function newId(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

/** Reads the saved record, or null when there is none or it is unreadable. */
export async function readRecord<R extends StoredRecord>(store: ProjectStore): Promise<R | null> {
  const b = await store.read(RECORD_FILE).catch(() => null);
  if (!b) return null;
  try {
    const v = JSON.parse(text(b)) as R;
    return v && typeof v === 'object' ? v : null;
  } catch {
    return null;
  }
}

/**
 * Writes `data` under a new data-file name (not yet part of any project: {@link commitProject} makes it
 * one). Throws {@link ProjectSaveError} when the storage refuses; no partial file stays.
 */
export async function stageData(store: ProjectStore, data: Uint8Array): Promise<string> {
  const dataFile = `data-${newId()}.bin`;
  try {
    await store.write(dataFile, data);
  } catch (e) {
    await store.remove(dataFile).catch(() => undefined);
    throw new ProjectSaveError('the file could not be written to the browser storage', e);
  }
  return dataFile;
}

/**
 * Makes `record` (with `data` as its bytes: given, or a file already written by {@link stageData}) the
 * saved project. The data is written under a new name, then the record is swapped; files of the previous
 * project (its data, its results) are removed only after the swap. Throws {@link ProjectSaveError} when
 * the storage refuses, with nothing changed.
 */
export async function commitProject<R extends StoredRecord>(store: ProjectStore, record: R, data?: Uint8Array | { staged: string }): Promise<R> {
  const id = newId();
  const staged = data && !(data instanceof Uint8Array) ? data.staged : undefined;
  const dataFile = staged ?? (data ? `data-${id}.bin` : undefined);
  const next = { ...record, id, dataFile } as R;
  if (!dataFile) delete next.dataFile;
  if (data instanceof Uint8Array && dataFile) {
    try {
      await store.write(dataFile, data);
    } catch (e) {
      await store.remove(dataFile).catch(() => undefined);
      throw new ProjectSaveError('the file could not be written to the browser storage', e);
    }
  }
  try {
    await store.write(RECORD_FILE, JSON.stringify(next));
  } catch (e) {
    if (dataFile && !staged) await store.remove(dataFile).catch(() => undefined);
    throw new ProjectSaveError('the project record could not be written to the browser storage', e);
  }
  // The swap happened: what belonged to the previous project can go.
  for (const name of await store.list().catch(() => [] as string[])) {
    const oldData = (name.startsWith('data-') || name === 'upload.bin') && name !== dataFile;
    if (oldData || name.startsWith(SLICE_PREFIX)) await store.remove(name).catch(() => undefined);
  }
  return next;
}

/**
 * Updates the saved record (mapping, cleaning, spec) without touching its data: refused when the saved
 * project is not `record.id` (another project was saved meanwhile), so no stale update lands on it.
 */
export async function updateRecord<R extends StoredRecord>(store: ProjectStore, record: R): Promise<boolean> {
  const saved = await readRecord<R>(store);
  if (!saved || saved.id !== record.id) return false;
  await store.write(RECORD_FILE, JSON.stringify({ ...record, dataFile: saved.dataFile }));
  return true;
}

/** Keeps one result slice (`value`: JSON text) with the saved project `projectId`; false when it is not the saved one. */
export async function saveSlice(store: ProjectStore, projectId: string, key: string, value: string | null): Promise<boolean> {
  if (!/^[a-z][a-z0-9_-]{0,40}$/.test(key)) throw new Error(`saveSlice: bad key "${key}"`);
  const saved = await readRecord(store);
  if (!saved || saved.id !== projectId) return false;
  const name = `${SLICE_PREFIX}${key}.json`;
  if (value == null) await store.remove(name).catch(() => undefined);
  else await store.write(name, `{"project":${JSON.stringify(projectId)},"value":${value}}`);
  return true;
}

/** The slices saved for `projectId` (key → JSON text of the value); slices of another project are ignored. */
export async function readSlices(store: ProjectStore, projectId: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of await store.list().catch(() => [] as string[])) {
    if (!name.startsWith(SLICE_PREFIX) || !name.endsWith('.json')) continue;
    const b = await store.read(name).catch(() => null);
    if (!b) continue;
    try {
      const v = JSON.parse(text(b)) as { project?: string; value?: unknown };
      if (v.project === projectId && v.value !== undefined) out[name.slice(SLICE_PREFIX.length, -5)] = JSON.stringify(v.value);
    } catch {
      // a damaged slice is skipped; the project itself is intact
    }
  }
  return out;
}

/** An in-memory store (tests; and a stand-in where the browser keeps no files). `failOn` makes writes throw. */
export function memoryStore(failOn?: (name: string, size: number) => boolean): ProjectStore & { files: Map<string, Uint8Array> } {
  const files = new Map<string, Uint8Array>();
  return {
    files,
    async read(name) {
      return files.get(name) ?? null;
    },
    async write(name, data) {
      const b = typeof data === 'string' ? new TextEncoder().encode(data) : data;
      if (failOn?.(name, b.length)) throw Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
      files.set(name, b.slice());
    },
    async remove(name) {
      files.delete(name);
    },
    async list() {
      return [...files.keys()];
    },
  };
}
