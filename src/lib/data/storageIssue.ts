/** What to tell the user when the browser would not keep the uploaded file for the next visit. */
import type { DataIssue } from './contract';

/** `error` is what saving threw (or `false` when the browser has no file storage); `bytes` the file's size. */
export function notSavedIssue(error: unknown, bytes: number): DataIssue {
  const name = (error as { name?: string } | null)?.name ?? '';
  const full = name === 'QuotaExceededError' || /quota|no space|storage.*full/i.test(String((error as Error)?.message ?? ''));
  const mb = (bytes / 1024 ** 2).toFixed(1);
  const reload = 'The data stays open in this tab; after a reload, load the same file again (the mapping and cleaning are guessed again).';
  return full
    ? {
        level: 'warning',
        code: 'storage_full',
        message: `The browser's storage for this site is full, so this ${mb} MB file was not kept for the next visit.`,
        hint: `${reload} To make room, clear this site's data in the browser settings (Site settings → Storage), or free disk space.`,
      }
    : {
        level: 'warning',
        code: 'not_saved',
        message: 'This browser does not let the studio keep files (often a private window, or storage turned off), so a reload will not restore this project.',
        hint: reload,
      };
}
