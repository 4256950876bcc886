import { axisBottom, axisLeft, scaleLinear, scaleUtc } from 'd3';
import { dayExtent } from './forecastOrigin';
import { niceDomain } from './niceDomain';
import { drawAxisLabels, drawLegend, legendWidth, windowDomain } from './decor';
import { dayToDate, dayToIso } from './days';
import { createSvg, uniqueId, type ChartOptions } from './svg';

/** Input of {@link residualChart}: residuals (actual − forecast) by date (`ds`) or by horizon `step`. */
export type ResidualChartData =
  | { ds: Int32Array; step?: undefined; residual: Float64Array }
  | { step: Int32Array; ds?: undefined; residual: Float64Array };

/** Options of {@link residualChart}. */
export interface ResidualChartOptions extends ChartOptions {
  /** Title above the plot, rendered as text. */
  title?: string;
  /** Y axis title with its unit. Default `forecast − actual, units`. */
  yLabel?: string;
}

/**
 * Residual points over time (`ds`) or by horizon step (`step`) around a zero line. Missing residuals
 * draw nothing; `xWindow` zooms the date axis. The svg carries `data-points` (finite residuals),
 * `data-x` (`ds` or `step`) and, by date, the visible domain as `data-x0` / `data-x1`.
 */
export function residualChart(data: ResidualChartData, options: ResidualChartOptions): SVGSVGElement {
  const byDate = data.ds !== undefined;
  const xsRaw = (data.ds ?? data.step)!;
  const { residual } = data;
  if (xsRaw.length !== residual.length) throw new Error(`residualChart: ${xsRaw.length} x values, ${residual.length} residuals`);
  const idx: number[] = [];
  for (let i = 0; i < residual.length; i++) if (Number.isFinite(residual[i])) idx.push(i);
  const label = `Residuals${byDate ? ' over time' : ' by horizon step'}, ${idx.length} points`;
  const svg = createSvg('residual-chart', label, options);
  svg.attr('data-points', idx.length).attr('data-x', byDate ? 'ds' : 'step');
  const m = { top: options.title ? 44 : 30, right: 14, bottom: 36, left: 52 };
  const w = Math.max(10, options.width - m.left - m.right);
  const h = Math.max(10, options.height - m.top - m.bottom);
  if (options.title) svg.append('text').attr('class', 'title').attr('x', m.left).attr('y', 16).text(options.title);

  const [lo, hi] = dayExtent([xsRaw]);
  const pad = byDate ? 0 : 0.5;
  const [v0, v1] = byDate ? windowDomain(lo, hi, options.xWindow) : [lo, hi];
  const xt = scaleUtc().domain([dayToDate(v0), dayToDate(v1)]).range([0, w]);
  const xl = scaleLinear().domain([lo - pad, hi + pad]).range([0, w]);
  if (byDate) svg.attr('data-x0', dayToIso(Math.round(v0))).attr('data-x1', dayToIso(Math.round(v1)));
  const x = (v: number) => (byDate ? xt(dayToDate(v)) : xl(v));
  const y = scaleLinear().domain(niceDomain([residual], { includeZero: true })).range([h, 0]);

  const g = svg.append('g').attr('transform', `translate(${m.left},${m.top})`);
  const xAxis = g.append('g').attr('class', 'axis x-axis').attr('transform', `translate(0,${h})`);
  if (byDate) xAxis.call(axisBottom(xt).ticks(Math.max(2, Math.round(w / 90))));
  else xAxis.call(axisBottom(xl).ticks(Math.min(hi - lo + 1, Math.max(2, Math.round(w / 40)))).tickFormat((d) => String(d)));
  g.append('g').attr('class', 'axis y-axis').call(axisLeft(y).ticks(Math.max(2, Math.round(h / 40))));
  drawAxisLabels(g, { x: byDate ? 'date' : 'horizon step (periods ahead)', y: options.yLabel ?? 'forecast − actual, units' }, { w, h, bottom: m.bottom });
  const entries = [{ cls: 'residual-point', label: 'residual (one series, one period)', swatch: 'dot' as const }, { cls: 'zero-line', label: 'no error' }];
  drawLegend(g, entries, { x: Math.max(0, w - legendWidth(entries)), y: -18 });
  const clip = uniqueId('fs-clip');
  svg.append('defs').append('clipPath').attr('id', clip).append('rect').attr('x', -3).attr('y', -3).attr('width', w + 6).attr('height', h + 6);
  g.append('line').attr('class', 'zero-line').attr('x1', 0).attr('x2', w).attr('y1', y(0)).attr('y2', y(0));
  g.append('g').attr('class', 'plot').attr('clip-path', `url(#${clip})`).selectAll('circle.residual-point').data(idx).join('circle').attr('class', 'residual-point').attr('r', 2.5)
    .attr('cx', (i) => x(xsRaw[i])).attr('cy', (i) => y(residual[i]));
  return svg.node()!;
}
