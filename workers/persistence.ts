/**
 * The db worker's side of "nothing lost": what is open versus what is saved. A file that was read is
 * only *pending*; it replaces the saved project when its mapping has been applied successfully, through
 * an atomic commit (src/lib/project/store.ts). A tab that does not own the project saves nothing.
 */
import type { DataIssue } from '../src/lib/data/contract';
import { rows, type SqlEngine } from '../src/lib/data/engine';
import { notSavedIssue } from '../src/lib/data/storageIssue';
import { commitProject, readRecord, readSlices, saveSlice, stageData, updateRecord } from '../src/lib/project/store';
import type { ProjectRecord } from './db.api';
import { opfsStore } from './opfs';

/** A file read but not part of the saved project yet (until its mapping is applied). */
export interface Pending {
  /** Its bytes, already written under a new name (not referenced by the saved record yet). */
  staged?: string;
  /** Why they could not be written (storage full, no storage, read-only tab). */
  failure?: unknown;
  size: number;
  /** The site's URL for the sample: only a record pointing at it is saved. */
  url?: string;
}

let owner = true;
let pending: Pending | null = null;
/** Where the project is kept. */
export const store = opfsStore;

export function setOwner(o: boolean) {
  owner = o;
}
export function isOwner() {
  return owner;
}

/**
 * Writes a new file's bytes under a new name before DuckDB takes them (nothing in a read-only tab);
 * they become the saved project's data only when {@link setPending} and then an Apply commit them.
 */
export async function stage(bytes: Uint8Array, url?: string): Promise<Pending> {
  if (url) return { size: bytes.length, url };
  if (!owner) return { size: bytes.length, failure: 'read-only' };
  try {
    return { size: bytes.length, staged: await stageData(store, bytes) };
  } catch (e) {
    return { size: bytes.length, failure: (e as { cause?: unknown }).cause ?? e };
  }
}

/** Drops a staged file that will not be used (the file it came from was refused). */
export async function unstage(p: Pending) {
  if (p.staged && p.staged !== pending?.staged) await store.remove(p.staged).catch(() => undefined);
}

/** A new file was read successfully: it is open, not saved yet (a previous pending file is dropped). */
export async function setPending(p: Pending | null) {
  if (pending?.staged && pending.staged !== p?.staged) await store.remove(pending.staged).catch(() => undefined);
  pending = p;
}
export function getPending() {
  return pending;
}

/** Tells the other tabs that the saved project changed (they show a note; they never save over it). */
function announce() {
  try {
    const ch = new BroadcastChannel('forecast-studio');
    ch.postMessage({ kind: 'saved', at: Date.now() });
    ch.close();
  } catch {
    // no BroadcastChannel: the Web Lock alone keeps other tabs from saving
  }
}
/** The open project's bytes: the pending ones, the saved data file, or the site's file. */
export async function openBytes(record: ProjectRecord | null): Promise<Uint8Array | null> {
  if (pending?.staged) return store.read(pending.staged);
  if (!record) return null;
  if (record.url) {
    const res = await fetch(record.url).catch(() => null);
    return res?.ok ? new Uint8Array(await res.arrayBuffer()) : null;
  }
  const name = record.dataFile ?? 'upload.bin';
  return store.read(name);
}

const readOnlyIssue: DataIssue = {
  level: 'info',
  code: 'read_only',
  message: 'Not saved: this project is open in another tab, which keeps it. Changes made in this tab stay in this tab only.',
  hint: 'To keep changes, make them in the other tab, or close it and reload this one.',
};

/**
 * Saves the open project after a successful Apply: commits pending bytes (a new project) or updates the
 * saved record. Returns the record as saved (with its id) and an issue when it could not be saved.
 */
export async function persistRecord(record: ProjectRecord): Promise<{ record: ProjectRecord; issue: DataIssue | null }> {
  if (!owner) return { record, issue: readOnlyIssue };
  if (pending) {
    const p = pending;
    const notSaved = (cause: unknown) => {
      const issue = notSavedIssue(cause, p.size);
      return { record, issue: { ...issue, message: `${issue.message} The project saved before is kept unchanged in this browser; *Export project* keeps this one in a file.` } };
    };
    if (p.failure) return notSaved(p.failure);
    try {
      const saved = await commitProject(store, { ...record, ...(p.url ? { url: p.url } : {}) }, p.staged ? { staged: p.staged } : undefined);
      pending = null;
      announce();
      return { record: saved, issue: null };
    } catch (e) {
      return notSaved((e as { cause?: unknown }).cause ?? e);
    }
  }
  const ok = await updateRecord(store, record).catch((e: unknown) => e);
  if (ok === true) announce();
  if (ok === true || !record.id) return { record, issue: null };
  if (ok === false) return { record, issue: null }; // the saved project is another one: never overwritten
  return { record, issue: notSavedIssue(ok, 0) };
}

/** Removes data files no record points at (a file read but never applied before a reload). */
export async function sweepStaged(record: ProjectRecord | null) {
  if (!owner) return;
  for (const name of await store.list().catch(() => [] as string[]))
    if (name.startsWith('data-') && name !== record?.dataFile && name !== pending?.staged) await store.remove(name).catch(() => undefined);
}

/** The saved record (null when none or unreadable). */
export const savedRecord = () => readRecord<ProjectRecord>(store);
/** The result slices of the saved project `id`. */
export const savedSlices = (id: string | undefined) => (id ? readSlices(store, id) : Promise.resolve({}));
/** Keeps one slice with the saved project `id` (nothing when this tab is not the owner). */
export async function keepSlice(id: string | undefined, key: string, value: string | null): Promise<boolean> {
  if (!owner || !id) return false;
  return saveSlice(store, id, key, value).catch(() => false);
}

/** The open project's tables (what a failed load or import must give back). */
export const PROJECT_TABLES = ['raw', 'sales', 'series', 'outliers'];

/**
 * Puts the open project's tables aside (renamed, no copy) so a load that fails can give them back:
 * `restore()` after a failure, `drop()` after a success.
 */
export async function stashTables(engine: SqlEngine, tables: string[] = PROJECT_TABLES, suffix = '_stash'): Promise<{ restore(): Promise<void>; drop(): Promise<void> }> {
  const listed = await rows<{ t: string }>(engine, "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'main' AND table_type = 'BASE TABLE'");
  const have = new Set(listed.map((r) => r.t));
  const kept: string[] = [];
  for (const t of tables) {
    await engine.exec(`DROP TABLE IF EXISTS ${t}${suffix}`);
    if (have.has(t)) {
      await engine.exec(`ALTER TABLE ${t} RENAME TO ${t}${suffix}`);
      kept.push(t);
    }
  }
  return {
    async restore() {
      for (const t of tables) await engine.exec(`DROP TABLE IF EXISTS ${t}`).catch(() => undefined);
      for (const t of kept) await engine.exec(`ALTER TABLE ${t}${suffix} RENAME TO ${t}`);
    },
    async drop() {
      for (const t of kept) await engine.exec(`DROP TABLE IF EXISTS ${t}${suffix}`).catch(() => undefined);
    },
  };
}
