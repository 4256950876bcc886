import { axisBottom, axisLeft, scaleLinear, scaleUtc } from 'd3';
import { backtestSegments, uniqueByDay } from './backtestSegments';
import { dayToDate, dayToIso } from './days';
import { dayExtent } from './forecastOrigin';
import { niceDomain } from './niceDomain';
import { linePath } from './paths';
import { drawAxisLabels, drawLegend, legendWidth, windowDomain, type LegendEntry } from './decor';
import { createSvg, uniqueId, type ChartOptions } from './svg';

/** Input of {@link backtestChart}: rows of all backtest windows, aligned; NaN = missing. */
export interface BacktestChartData {
  ds: Int32Array;
  actual: Float64Array;
  predicted: Float64Array;
  /** Forecast origin of each window (days). */
  cutoffs: Int32Array;
  /** Cutoff of each row; when given, it decides which window a row belongs to. */
  rowCutoff?: Int32Array;
}

/** Options of {@link backtestChart}. */
export interface BacktestChartOptions extends ChartOptions {
  /** Title above the plot, rendered as text. */
  title?: string;
  /** Legend text of the predicted lines (e.g. the model's name). Default `predicted`. */
  predictedLabel?: string;
  /** Y axis title with its unit. Default `units, all series summed`. */
  yLabel?: string;
}

/**
 * Actual line (class `actual-line`) and one `predicted-line` per backtest window (`data-window` =
 * window number), with a dashed `cutoff-rule` (`data-cutoff` = ISO date) at each cutoff.
 * A legend names actual, predicted and cutoff; axis titles give the units. The svg carries
 * `data-points`, `data-windows`, `data-cutoffs` and the visible x domain as `data-x0` / `data-x1`.
 */
export function backtestChart(data: BacktestChartData, options: BacktestChartOptions): SVGSVGElement {
  const { ds, actual, predicted, cutoffs } = data;
  if (ds.length !== actual.length || ds.length !== predicted.length) {
    throw new Error(`backtestChart: ds ${ds.length}, actual ${actual.length}, predicted ${predicted.length} rows`);
  }
  const segments = backtestSegments(ds, cutoffs, data.rowCutoff);
  const label = `Backtest with ${cutoffs.length} cutoffs, actual versus predicted over ${ds.length} points`;
  const svg = createSvg('backtest-chart', label, options);
  svg.attr('data-points', ds.length).attr('data-windows', ds.length ? segments.length : 0).attr('data-cutoffs', cutoffs.length);
  const m = { top: options.title ? 44 : 30, right: 14, bottom: 36, left: 52 };
  const w = Math.max(10, options.width - m.left - m.right);
  const h = Math.max(10, options.height - m.top - m.bottom);
  if (options.title) svg.append('text').attr('class', 'title').attr('x', m.left).attr('y', 16).text(options.title);

  const [d0, d1] = dayExtent([ds, cutoffs]);
  const [v0, v1] = windowDomain(d0, d1, options.xWindow);
  const x = scaleUtc().domain([dayToDate(v0), dayToDate(v1)]).range([0, w]);
  svg.attr('data-x0', dayToIso(Math.round(v0))).attr('data-x1', dayToIso(Math.round(v1)));
  const y = scaleLinear().domain(niceDomain([actual, predicted])).range([h, 0]);
  const xs = (d: number) => x(dayToDate(d));
  const ys = (v: number) => y(v);

  const g = svg.append('g').attr('transform', `translate(${m.left},${m.top})`);
  g.append('g').attr('class', 'axis x-axis').attr('transform', `translate(0,${h})`)
    .call(axisBottom(x).ticks(Math.max(2, Math.round(w / 90))));
  g.append('g').attr('class', 'axis y-axis').call(axisLeft(y).ticks(Math.max(2, Math.round(h / 40))));
  const clip = uniqueId('fs-clip');
  svg.append('defs').append('clipPath').attr('id', clip).append('rect').attr('width', w).attr('height', h);
  drawAxisLabels(g, { x: 'date', y: options.yLabel ?? 'units, all series summed' }, { w, h, bottom: m.bottom });
  const entries: LegendEntry[] = [
    { cls: 'actual-line', label: 'actual' },
    { cls: 'predicted-line', label: options.predictedLabel ?? 'predicted' },
    { cls: 'cutoff-rule', label: 'cutoff (forecast origin)' },
  ];
  drawLegend(g, entries, { x: Math.max(0, w - legendWidth(entries)), y: -18 });
  const plot = g.append('g').attr('class', 'plot').attr('clip-path', `url(#${clip})`);
  plot.selectAll('line.cutoff-rule').data(Array.from(cutoffs)).join('line').attr('class', 'cutoff-rule')
    .attr('x1', xs).attr('x2', xs).attr('y1', 0).attr('y2', h).attr('data-cutoff', (c) => dayToIso(c));
  const act = uniqueByDay(ds, actual);
  plot.append('path').attr('class', 'actual-line').attr('d', linePath(act.ds, act.values, xs, ys));
  plot.selectAll('path.predicted-line').data(ds.length ? segments : []).join('path').attr('class', 'predicted-line')
    .attr('data-window', (_, k) => k)
    .attr('d', ([a, b]) => linePath(ds.subarray(a, b), predicted.subarray(a, b), xs, ys));
  return svg.node()!;
}
