/** A safe download name: `forecast-studio-<what>-<YYYY-MM-DD>.<ext>`, letters, digits, `-` and `_` only. */
export function exportFileName(what: string, ext: string, date: Date = new Date()): string {
  const slug = what.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'export';
  return `forecast-studio-${slug}-${date.toISOString().slice(0, 10)}.${ext.replace(/^\./, '')}`;
}
