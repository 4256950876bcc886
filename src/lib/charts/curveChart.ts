import { axisBottom, axisLeft, scaleLinear } from 'd3';
import { formatValue } from './format';
import { niceDomain } from './niceDomain';
import { linePath } from './paths';
import { createSvg, type ChartOptions } from './svg';

/** Input of {@link curveChart}: one line through (x[i], y[i]) and optional horizontal reference lines. */
export interface CurveChartData {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Horizontal lines (e.g. the exact optimum) with their labels. */
  references?: { value: number; label: string }[];
  /** Marked points (e.g. the current price) with their labels. */
  marks?: { x: number; y: number; label: string }[];
}

/** Options of {@link curveChart}. */
export interface CurveChartOptions extends ChartOptions {
  title?: string;
  xLabel: string;
  yLabel: string;
  /** `class` of the root svg besides `fs-chart` (default `curve-chart`). */
  kind?: string;
}

/**
 * A single curve (a reward curve, a price-response curve) with reference lines and marks. The svg carries
 * `data-points` (number of drawn points) and `data-last` (the last y, formatted).
 */
export function curveChart(data: CurveChartData, options: CurveChartOptions): SVGSVGElement {
  const n = Math.min(data.x.length, data.y.length);
  const last = n ? data.y[n - 1] : NaN;
  const kind = options.kind ?? 'curve-chart';
  const svg = createSvg(kind, options.ariaLabel ?? `${options.title ?? options.yLabel}: ${n} points, last ${formatValue(last)}`, options);
  svg.attr('data-points', n).attr('data-last', formatValue(last));
  const m = { top: options.title ? 26 : 14, right: 14, bottom: 32, left: 58 };
  const w = Math.max(10, options.width - m.left - m.right);
  const h = Math.max(10, options.height - m.top - m.bottom);
  if (options.title) svg.append('text').attr('class', 'title').attr('x', m.left).attr('y', 14).text(options.title);
  const xs = Array.from({ length: n }, (_, i) => data.x[i]);
  const x0 = xs.length ? Math.min(...xs) : 0;
  const x1 = xs.length ? Math.max(...xs) : 1;
  const x = scaleLinear().domain(x0 === x1 ? [x0 - 1, x1 + 1] : [x0, x1]).range([0, w]);
  const ys = [Array.from({ length: n }, (_, i) => data.y[i]), (data.references ?? []).map((r) => r.value), (data.marks ?? []).map((p) => p.y)];
  const y = scaleLinear().domain(niceDomain(ys)).range([h, 0]);
  const g = svg.append('g').attr('transform', `translate(${m.left},${m.top})`);
  g.append('g').attr('class', 'axis x-axis').attr('transform', `translate(0,${h})`).call(axisBottom(x).ticks(Math.max(2, Math.round(w / 80))));
  g.append('g').attr('class', 'axis y-axis').call(axisLeft(y).ticks(Math.max(2, Math.round(h / 40))));
  g.append('text').attr('class', 'axis-label').attr('x', w).attr('y', h + 28).attr('text-anchor', 'end').attr('fill', 'currentColor').text(options.xLabel);
  g.append('text').attr('class', 'axis-label').attr('x', 0).attr('y', -4).attr('fill', 'currentColor').text(options.yLabel);
  for (const r of data.references ?? []) {
    g.append('line').attr('class', 'reference-line').attr('x1', 0).attr('x2', w).attr('y1', y(r.value)).attr('y2', y(r.value));
    g.append('text').attr('class', 'reference-label').attr('x', w - 4).attr('y', y(r.value) - 4).attr('text-anchor', 'end').text(r.label);
  }
  g.append('path').attr('class', 'predicted-line curve').attr('d', linePath(data.x, data.y, x, y));
  for (const p of data.marks ?? []) {
    g.append('circle').attr('class', 'focus-dot').attr('cx', x(p.x)).attr('cy', y(p.y)).attr('r', 4).append('title').text(p.label);
  }
  return svg.node()!;
}
