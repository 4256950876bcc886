/**
 * DuckDB start-up settings that keep the engine inside the tab: no extension is installed, loaded or
 * auto-loaded, no file outside {@link UPLOAD_DIR} (where the worker registers the user's files) can be
 * opened — so no `http(s)://`, `s3://` or other URL either — and the configuration is locked last, so
 * no later SQL (`SET`, `RESET`, `PRAGMA`) can undo any of it.
 */

/** The only directory DuckDB may open files from: the worker registers every upload under it. */
export const UPLOAD_DIR = '/uploads/';

/** Statements run once, in order, right after the engine starts; the last one locks the configuration. */
export const LOCKDOWN_SQL: readonly string[] = [
  'SET autoinstall_known_extensions = false',
  'SET autoload_known_extensions = false',
  'SET allow_community_extensions = false',
  'SET allow_unsigned_extensions = false',
  "SET disabled_filesystems = 'HTTPFileSystem'",
  `SET allowed_directories = ['${UPLOAD_DIR}']`,
  'SET enable_external_access = false',
  'SET lock_configuration = true',
];

/** Path under {@link UPLOAD_DIR} for the `n`-th upload of kind `ext` (csv, tsv, parquet…). */
export function uploadPath(n: number, ext: string): string {
  return `${UPLOAD_DIR}upload_${n}.${ext.replace(/[^a-z0-9]/gi, '')}`;
}

/**
 * Runs {@link LOCKDOWN_SQL} through `exec` (sync or async). A statement the engine refuses throws:
 * an engine that cannot be locked down must not be used.
 */
export async function lockDownEngine(exec: (sql: string) => unknown): Promise<void> {
  for (const sql of LOCKDOWN_SQL) await exec(sql);
}
