/** The project kept in the browser's origin-private file system: the uploaded file and a small record. */
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

export async function saveFile(name: string, data: Uint8Array | string): Promise<boolean> {
  const d = await dir(true);
  if (!d) return false;
  const fh = await d.getFileHandle(name, { create: true });
  const w = await fh.createWritable();
  await w.write(typeof data === 'string' ? data : (data as Uint8Array<ArrayBuffer>));
  await w.close();
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

export async function clearAll(): Promise<void> {
  if (!('storage' in navigator) || !navigator.storage.getDirectory) return;
  const root = await navigator.storage.getDirectory();
  await root.removeEntry(DIR, { recursive: true }).catch(() => undefined);
}
