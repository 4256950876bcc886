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
  /** Title of the value axis, with its unit. */
  xLabel?: string;
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
  const ref = data.reference && Number.isFinite(data.reference.value) ? data.reference : null;
  const m = { top: (options.title ? 26 : 8) + (ref ? 14 : 0), right: 44, bottom: options.xLabel ? 36 : 24, left: labelWidth(labels) };
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
  if (options.xLabel) g.append('text').attr('class', 'axis-label x-label').attr('x', w).attr('y', h + m.bottom - 4)
    .attr('text-anchor', 'end').attr('fill', 'currentColor').text(options.xLabel);
  if (ref) {
    const rx = x(ref.value);
    g.append('line').attr('class', 'reference-line').attr('x1', rx).attr('x2', rx).attr('y1', -6).attr('y2', h);
    // Above the bars, on the side of the line with room for it, so it is never cut by the chart's edge.
    const room = w + m.right - rx;
    const right = room >= ref.label.length * 6.2 + 6;
    g.append('text').attr('class', 'reference-label').attr('x', right ? rx + 3 : rx - 3).attr('y', -8)
      .attr('text-anchor', right ? 'start' : 'end').text(ref.label);
    svg.attr('data-reference', ref.value);
  }
  return svg.node()!;
}
