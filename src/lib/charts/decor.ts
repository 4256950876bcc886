import type { Selection } from 'd3';

type G = Selection<SVGGElement, unknown, null, undefined>;

/** One legend entry: the mark's CSS class, its text and how the swatch is drawn. */
export interface LegendEntry {
  cls: string;
  label: string;
  swatch?: 'line' | 'rect' | 'dot';
}

/**
 * A one-line legend `<g class="legend">` at (x, y) of `g`, entries laid out left to right (each
 * `<g class="legend-item" data-entry=cls>`). Labels are text (never markup). Returns the legend's width.
 */
export function drawLegend(g: G, entries: LegendEntry[], at: { x: number; y: number }): number {
  const legend = g.append('g').attr('class', 'legend').attr('transform', `translate(${at.x},${at.y})`);
  let x = 0;
  for (const e of entries) {
    const item = legend.append('g').attr('class', 'legend-item').attr('data-entry', e.cls).attr('transform', `translate(${x},0)`);
    const sw = e.swatch ?? 'line';
    // Swatches carry `swatch-<mark class>`, not the mark's class, so a selector for the marks finds only marks.
    const cls = `swatch swatch-${e.cls}`;
    if (sw === 'line') item.append('line').attr('class', cls).attr('x1', 0).attr('x2', 16).attr('y1', 0).attr('y2', 0).style('stroke-width', 2.5);
    else if (sw === 'rect') item.append('rect').attr('class', cls).attr('x', 0).attr('y', -5).attr('width', 16).attr('height', 10);
    else item.append('circle').attr('class', cls).attr('cx', 8).attr('cy', 0).attr('r', 3.5);
    item.append('text').attr('x', 20).attr('dy', '0.32em').text(e.label);
    x += 28 + e.label.length * 6.2;
  }
  return x;
}

/** Width a legend of these entries takes (same layout as {@link drawLegend}). */
export function legendWidth(entries: LegendEntry[]): number {
  return entries.reduce((s, e) => s + 28 + e.label.length * 6.2, 0);
}

/**
 * Axis titles: the x label under the x axis at the right end, the y label above the y axis at the left.
 * Classes `axis-label x-label` / `axis-label y-label`.
 */
export function drawAxisLabels(g: G, labels: { x?: string; y?: string }, size: { w: number; h: number; bottom: number }): void {
  if (labels.x) g.append('text').attr('class', 'axis-label x-label').attr('x', size.w).attr('y', size.h + size.bottom - 4)
    .attr('text-anchor', 'end').attr('fill', 'currentColor').text(labels.x);
  if (labels.y) g.append('text').attr('class', 'axis-label y-label').attr('x', -4).attr('y', -8)
    .attr('text-anchor', 'start').attr('fill', 'currentColor').text(labels.y);
}

/**
 * The part `[f0, f1]` (fractions 0–1, clamped, at least 1 % wide) of the full domain `[lo, hi]`:
 * how keyboard zoom and pan show a window of a chart's x axis.
 */
export function windowDomain(lo: number, hi: number, win?: readonly [number, number]): [number, number] {
  if (!win) return [lo, hi];
  let [a, b] = win;
  a = Math.max(0, Math.min(1, a));
  b = Math.max(0, Math.min(1, b));
  if (b - a < 0.01) b = Math.min(1, a + 0.01), a = Math.min(a, b - 0.01);
  return [lo + (hi - lo) * a, lo + (hi - lo) * b];
}
