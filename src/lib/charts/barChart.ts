import { axisBottom, scaleBand, scaleLinear } from 'd3';
import { barDomain, labelWidth } from './barDomain';
import { formatValue } from './format';
import { createSvg, type ChartOptions } from './svg';

/** Input of {@link barChart}: one bar per label, drawn top to bottom in the given order. */
export interface BarChartData {
  labels: string[];
  values: ArrayLike<number>;
  /** Index of the bar to emphasise (class `highlight`). */
  highlight?: number;
  /** Vertical reference line, e.g. `{ value: 1, label: 'seasonal naive' }` for relative MASE. */
  reference?: { value: number; label: string };
}

/** Options of {@link barChart}. */
export interface BarChartOptions extends ChartOptions {
  /** Title above the bars, rendered as text. */
  title?: string;
  /** Formats value labels. Default {@link formatValue}. */
  format?: (v: number) => string;
}

/**
 * Horizontal bars (leaderboard, feature importance) with value labels and an optional reference
 * line. Each bar is `<rect class="bar" data-label=… data-value=…>`; the highlighted one also has
 * class `highlight`. Missing values draw no bar and a `–` label. The svg carries `data-bars`.
 */
export function barChart(data: BarChartData, options: BarChartOptions): SVGSVGElement {
  const { labels, values } = data;
  if (labels.length !== values.length) throw new Error(`barChart: ${labels.length} labels, ${values.length} values`);
  const fmt = options.format ?? formatValue;
  const label = `Bar chart${options.title ? ` ${options.title}` : ''} of ${labels.length} items`;
  const svg = createSvg('bar-chart', label, options);
  svg.attr('data-bars', labels.length);
  const m = { top: options.title ? 26 : 8, right: 44, bottom: 24, left: labelWidth(labels) };
  const w = Math.max(10, options.width - m.left - m.right);
  const h = Math.max(10, options.height - m.top - m.bottom);
  if (options.title) svg.append('text').attr('class', 'title').attr('x', 4).attr('y', 16).text(options.title);

  const x = scaleLinear().domain(barDomain(values, data.reference?.value)).range([0, w]);
  const yb = scaleBand<number>().domain(labels.map((_, i) => i)).range([0, h]).padding(0.2);
  const g = svg.append('g').attr('transform', `translate(${m.left},${m.top})`);
  g.append('g').attr('class', 'axis x-axis').attr('transform', `translate(0,${h})`)
    .call(axisBottom(x).ticks(Math.max(2, Math.round(w / 80))));
  const rows = g.selectAll('g.bar-row').data(labels.map((l, i) => ({ l, i, v: values[i] }))).join('g')
    .attr('class', 'bar-row').attr('transform', (d) => `translate(0,${yb(d.i)})`);
  const x0 = x(0);
  rows.filter((d) => Number.isFinite(d.v)).append('rect')
    .attr('class', (d) => (d.i === data.highlight ? 'bar highlight' : 'bar'))
    .attr('x', (d) => Math.min(x0, x(d.v)))
    .attr('width', (d) => Math.abs(x(d.v) - x0))
    .attr('height', yb.bandwidth())
    .attr('data-label', (d) => d.l)
    .attr('data-value', (d) => d.v);
  rows.append('text').attr('class', 'bar-label').attr('x', -6).attr('y', yb.bandwidth() / 2)
    .attr('dy', '0.32em').attr('text-anchor', 'end').text((d) => d.l);
  rows.append('text').attr('class', 'bar-value')
    .attr('x', (d) => (Number.isFinite(d.v) ? (d.v < 0 ? x(d.v) - 4 : x(d.v) + 4) : x0 + 4))
    .attr('text-anchor', (d) => (d.v < 0 ? 'end' : 'start'))
    .attr('y', yb.bandwidth() / 2).attr('dy', '0.32em').text((d) => fmt(d.v));
  if (data.reference && Number.isFinite(data.reference.value)) {
    const rx = x(data.reference.value);
    g.append('line').attr('class', 'reference-line').attr('x1', rx).attr('x2', rx).attr('y1', -4).attr('y2', h);
    g.append('text').attr('class', 'reference-label').attr('x', rx + 3).attr('y', h - 4).text(data.reference.label);
    svg.attr('data-reference', data.reference.value);
  }
  return svg.node()!;
}
