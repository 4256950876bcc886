/**
 * The bench's figures and how they are printed: one markdown table (with ratios against references
 * measured in the same run, or quoted from the issues), a findings section, and the JSON beside it.
 */

/** One measured figure. `value` is null when the measurement failed (then `error` says why). */
export interface Figure {
  group: string;
  name: string;
  value: number | null;
  unit: string;
  /** What the value is compared with; `quoted` marks a figure from an issue rather than this run. */
  ref?: { label: string; value: number; unit?: string; quoted?: boolean };
  /** value / ref.value unless given (e.g. a throughput shortfall ref / value). */
  ratio?: number;
  goal?: string;
  met?: boolean;
  note?: string;
  error?: string;
}

/** Collects figures and findings while the groups run. */
export class Report {
  figures: Figure[] = [];
  findings: string[] = [];
  undone: string[] = [];
  meta: Record<string, unknown> = {};

  add(f: Figure): Figure {
    if (f.ratio === undefined && f.ref && f.value != null && f.ref.value > 0) f.ratio = f.value / f.ref.value;
    this.figures.push(f);
    console.error(`  ${f.group} | ${f.name}: ${f.value == null ? `error: ${f.error}` : `${fmt(f.value)} ${f.unit}`}${f.ratio != null ? ` (${fmt(f.ratio)}×)` : ''}`);
    return f;
  }

  /** A failed figure: its row says `error: …`. */
  fail(group: string, name: string, e: unknown): void {
    this.add({ group, name, value: null, unit: '', error: message(e) });
  }

  find(group: string, name: string): number | null {
    return this.figures.find((f) => f.group === group && f.name === name)?.value ?? null;
  }
}

export function message(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.split('\n')[0].slice(0, 240);
}

/** Compact number: 3 significant digits, thousands separated. */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1000) return Math.round(v).toLocaleString('en-US');
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  if (a === 0) return '0';
  return v.toPrecision(3);
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The markdown table of every figure, grouped in the order they were added. */
export function markdownTable(figures: Figure[]): string {
  const lines = ['| group | figure | ours | reference | ratio | goal | met | note |', '|---|---|---:|---|---:|---|:-:|---|'];
  for (const f of figures) {
    const ours = f.value == null ? `error: ${f.error ?? 'failed'}` : `${fmt(f.value)} ${f.unit}`.trim();
    const ref = f.ref ? `${f.ref.label}: ${fmt(f.ref.value)} ${f.ref.unit ?? f.unit}${f.ref.quoted ? ' (quoted)' : ''}`.trim() : '';
    const ratio = f.ratio != null && Number.isFinite(f.ratio) ? `${fmt(f.ratio)}×` : '';
    const met = f.met === undefined ? '' : f.met ? 'yes' : 'no';
    lines.push(`| ${[f.group, f.name, ours, ref, ratio, f.goal ?? '', met, f.note ?? ''].map(cell).join(' | ')} |`);
  }
  return lines.join('\n');
}

/** The whole results.md. */
export function markdownReport(r: Report): string {
  const meta = Object.entries(r.meta).map(([k, v]) => `- ${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  const out = ['# Forecast Studio bench', '', ...meta, '', markdownTable(r.figures), ''];
  if (r.findings.length) out.push('## Findings', '', ...r.findings.map((f) => `- ${f}`), '');
  if (r.undone.length) out.push('## Not measured / left undone', '', ...r.undone.map((f) => `- ${f}`), '');
  return out.join('\n');
}

/** Milliseconds `fn` takes. */
export async function timeMs(fn: () => unknown): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}
