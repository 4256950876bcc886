/**
 * The project kept in the browser's origin-private file system (OPFS), folder `forecast-studio`: the
 * record, the data file it points at, result slices (src/lib/project/store.ts decides what goes where)
 * and the model kept by "Save in browser". A write goes to the browser's swap file and replaces the file
 * only when it is closed whole; a failed write is aborted, so the previous content stays.
 */
import type { ProjectStore } from '../src/lib/project/store';

const DIR = 'forecast-studio';

async function dir(create: boolean): Promise<FileSystemDirectoryHandle | null> {
  if (!('storage' in navigator) || !navigator.storage.getDirectory) return null;
  const root = await navigator.storage.getDirectory();
  try {
    return await root.getDirectoryHandle(DIR, { create });
  } catch {
    return null;
  }
}

/** Writes `name` whole or not at all (throws what the storage threw, e.g. QuotaExceededError). */
export async function writeAtomic(name: string, data: Uint8Array | string): Promise<void> {
  const d = await dir(true);
  if (!d) throw Object.assign(new Error('This browser does not let the studio keep files.'), { name: 'NoStorage' });
  const fh = await d.getFileHandle(name, { create: true });
  const w = await fh.createWritable({ keepExistingData: false });
  try {
    await w.write(typeof data === 'string' ? data : (data as Uint8Array<ArrayBuffer>));
    await w.close();
  } catch (e) {
    await w.abort().catch(() => undefined);
    throw e;
  }
}

/** Saves a file; true when kept (kept for the train worker's "Save in browser"). */
export async function saveFile(name: string, data: Uint8Array | string): Promise<boolean> {
  await writeAtomic(name, data);
  return true;
}

export async function readFile(name: string): Promise<File | null> {
  const d = await dir(false);
  if (!d) return null;
  try {
    return await (await d.getFileHandle(name)).getFile();
  } catch {
    return null;
  }
}

/** The file, null when it does not exist; any other failure (the file is being replaced) is thrown. */
async function fileOrNull(name: string): Promise<File | null> {
  const d = await dir(false);
  if (!d) return null;
  let h: FileSystemFileHandle;
  try {
    h = await d.getFileHandle(name);
  } catch (e) {
    if ((e as Error).name === 'NotFoundError' || (e as Error).name === 'TypeMismatchError') return null;
    throw e;
  }
  return h.getFile();
}

/**
 * Reads `name` whole. Another tab may replace the file while this one reads it (the owner tab saves its
 * record while a read-only tab restores it): opening it, or the snapshot taken before the replacement,
 * then fails (NotReadableError, NoModificationAllowedError…) — which must not read as "no project". The
 * read is retried on the new file for about 1.4 s before the failure counts; only a file that is
 * not there is null.
 */
async function readWhole(name: string): Promise<Uint8Array | null> {
  for (let attempt = 1; ; attempt++) {
    try {
      const f = await fileOrNull(name);
      if (!f) return null;
      return new Uint8Array(await f.arrayBuffer());
    } catch (e) {
      if (attempt >= 8) throw e;
      await new Promise((r) => setTimeout(r, 50 * attempt));
    }
  }
}

/** The OPFS folder as a {@link ProjectStore}. */
export const opfsStore: ProjectStore = {
  read: readWhole,
  write: writeAtomic,
  async remove(name) {
    const d = await dir(false);
    await d?.removeEntry(name).catch(() => undefined);
  },
  async list() {
    const d = await dir(false);
    if (!d) return [];
    const names: string[] = [];
    for await (const k of (d as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(k);
    return names;
  },
};

export async function clearAll(): Promise<void> {
  if (!('storage' in navigator) || !navigator.storage.getDirectory) return;
  const root = await navigator.storage.getDirectory();
  await root.removeEntry(DIR, { recursive: true }).catch(() => undefined);
}
