import { axisBottom, axisLeft, brushX, pointer, scaleLinear, scaleUtc, type D3BrushEvent } from 'd3';
import { dateToDay, dayToDate, dayToIso, typicalStep } from './days';
import { dayExtent, forecastOrigin } from './forecastOrigin';
import { niceDomain } from './niceDomain';
import { bandPath, linePath } from './paths';
import { promoSpans } from './promoSpans';
import { outlierPoints, seriesHover } from './seriesHover';
import type { SeriesChartData } from './seriesTypes';
import { drawAxisLabels, drawLegend, legendWidth, windowDomain, type LegendEntry } from './decor';
import { createSvg, uniqueId, type ChartOptions } from './svg';

/** Options of {@link seriesChart}. */
export interface SeriesChartOptions extends ChartOptions {
  /** Draw the overview strip with a time brush below the main plot. Default true. */
  context?: boolean;
  /** Y axis title with its unit (e.g. `units sold per day`). Default `value per period`. */
  yLabel?: string;
  /** Draw the legend of the marks shown (history, forecast, bands, promotions, outliers). Default true. */
  legend?: boolean;
  /** Initial visible time range (days since epoch), e.g. the zoom kept from the previous render. Default: everything. */
  domain?: [number, number];
  /** Called when the user zooms (brush) or resets (double-click: null), so a re-render can keep the zoom. */
  onDomain?: (domain: [number, number] | null) => void;
}

/**
 * History line with promo bands, outliers, backtest lines and a forecast (mean, 80 % / 95 % bands,
 * origin rule). Hovering shows the nearest point in `<g class="tooltip">`; brushing the overview strip
 * zooms the time axis, a double-click on the plot resets it. The svg carries `data-points`,
 * `data-forecast-points`, `data-origin` and the visible domain as `data-x0` / `data-x1` (ISO dates).
 */
export function seriesChart(data: SeriesChartData, options: SeriesChartOptions): SVGSVGElement {
  const { ds, y, forecast: fc } = data;
  if (ds.length !== y.length) throw new Error(`seriesChart: ds has ${ds.length} rows, y ${y.length}`);
  if (fc && fc.ds.length !== fc.mean.length) throw new Error(`seriesChart: forecast ds has ${fc.ds.length} rows, mean ${fc.mean.length}`);
  const { width, height } = options;
  const withContext = options.context ?? true;
  const fcLen = fc?.ds.length ?? 0;
  const label =
    `Time series${data.title ? ` ${data.title}` : ''} with ${ds.length} points` +
    (fcLen ? ` and a ${fcLen}-step forecast` : '');
  const svg = createSvg('series-chart', label, options);
  const m = { top: data.title ? 40 : 26, right: 16, bottom: 32, left: 52 };
  const innerW = Math.max(10, width - m.left - m.right);
  const ctxH = withContext ? Math.max(24, Math.round(height * 0.14)) : 0;
  const mainH = Math.max(20, height - m.top - m.bottom - (withContext ? ctxH + 36 : 2));

  const cmp = data.compare;
  const days = dayExtent([ds, fc?.ds ?? [], cmp?.ds ?? [], ...(data.backtest ?? []).map((b) => b.ds)]);
  const full: [Date, Date] = [dayToDate(days[0]), dayToDate(days[1])];
  const win = windowDomain(days[0], days[1], options.xWindow);
  const x = scaleUtc().domain(options.xWindow ? [dayToDate(win[0]), dayToDate(win[1])] : full).range([0, innerW]);
  const x2 = scaleUtc().domain(full).range([0, innerW]);
  const bands = fc?.bands ? [...fc.bands].sort((a, b) => b.level - a.level) : [];
  const yValues = [y, fc?.mean, fc?.lo80, fc?.hi80, fc?.lo95, fc?.hi95, cmp?.mean, ...bands.flatMap((b) => [b.lo, b.hi]), ...(data.backtest ?? []).map((b) => b.mean)];
  const yScale = scaleLinear()
    .domain(niceDomain(yValues.filter((a): a is Float64Array => a !== undefined)))
    .range([mainH, 0]);
  const y2 = scaleLinear().domain(yScale.domain()).range([ctxH, 0]);
  const xs = (d: number) => x(dayToDate(d));
  const ys = (v: number) => yScale(v);

  svg.attr('data-points', ds.length).attr('data-forecast-points', fcLen);
  if (data.title) svg.append('text').attr('class', 'title').attr('x', m.left).attr('y', 16).text(data.title);

  const clip = uniqueId('fs-clip');
  svg.append('defs').append('clipPath').attr('id', clip).append('rect').attr('width', innerW).attr('height', mainH);
  const main = svg.append('g').attr('class', 'main').attr('transform', `translate(${m.left},${m.top})`);
  const xAxis = main.append('g').attr('class', 'axis x-axis').attr('transform', `translate(0,${mainH})`);
  main.append('g').attr('class', 'axis y-axis').call(axisLeft(yScale).ticks(Math.max(2, Math.round(mainH / 40))));
  const plot = main.append('g').attr('class', 'plot').attr('clip-path', `url(#${clip})`);
  drawAxisLabels(main, { y: options.yLabel ?? 'value per period' }, { w: innerW, h: mainH, bottom: m.bottom });
  main.append('text').attr('class', 'axis-label x-label').attr('x', innerW).attr('y', mainH + 30).attr('text-anchor', 'end').attr('fill', 'currentColor').text('date');

  const step = typicalStep(ds);
  const spans = data.promo ? promoSpans(ds, data.promo) : [];
  const promoRects = plot
    .selectAll('rect.promo-band')
    .data(spans)
    .join('rect')
    .attr('class', 'promo-band')
    .attr('y', 0)
    .attr('height', mainH);
  const band95 = !bands.length && fc?.lo95 && fc.hi95 ? plot.append('path').attr('class', 'band-95') : null;
  const band80 = !bands.length && fc?.lo80 && fc.hi80 ? plot.append('path').attr('class', 'band-80') : null;
  // Quantile bands: nested, widest first, each a little darker than the one around it.
  const bandPaths = bands.map((b, k) => plot.append('path').attr('class', `band band-${b.level}`).attr('data-level', b.level)
    .attr('opacity', Math.min(0.6, 0.16 + (0.34 * (k + 1)) / bands.length)));
  const backtest = plot
    .selectAll('path.backtest-line')
    .data(data.backtest ?? [])
    .join('path')
    .attr('class', 'backtest-line');
  const history = plot.append('path').attr('class', 'series-line');
  const fcLine = fc ? plot.append('path').attr('class', 'forecast-line') : null;
  const cmpLine = cmp ? plot.append('path').attr('class', 'forecast-line compare') : null;
  const origin = fc ? forecastOrigin(ds, fc.ds) : NaN;
  if (fc) svg.attr('data-origin', dayToIso(origin));
  const rule = fc ? plot.append('line').attr('class', 'origin-rule').attr('y1', 0).attr('y2', mainH) : null;
  const outliers = plot
    .selectAll('circle.outlier')
    .data(data.outliers ? outlierPoints(ds, y, data.outliers) : [])
    .join('circle')
    .attr('class', 'outlier')
    .attr('r', 4)
    .attr('cy', (p) => ys(p.value));

  const entries: LegendEntry[] = [{ cls: 'series-line', label: 'history' }];
  if (fc) entries.push({ cls: 'forecast-line', label: fc.label ?? 'forecast' });
  if (band80) entries.push({ cls: 'band-80', label: '80 % band', swatch: 'rect' });
  if (band95) entries.push({ cls: 'band-95', label: '95 % band', swatch: 'rect' });
  if (data.backtest?.length) entries.push({ cls: 'backtest-line', label: 'backtest' });
  if (spans.length) entries.push({ cls: 'promo-band', label: 'promotion', swatch: 'rect' });
  if (data.outliers?.length) entries.push({ cls: 'outlier', label: 'flagged outlier', swatch: 'dot' });
  if (options.legend ?? true) drawLegend(svg as never, entries, { x: Math.max(m.left, width - m.right - legendWidth(entries) - 40), y: m.top - 18 });

  function redraw(): void {
    promoRects.attr('x', (s) => xs(s[0] - step / 2)).attr('width', (s) => Math.max(1, xs(s[1] + step / 2) - xs(s[0] - step / 2)));
    if (fc && band95) band95.attr('d', bandPath(fc.ds, fc.lo95!, fc.hi95!, xs, ys));
    if (fc && band80) band80.attr('d', bandPath(fc.ds, fc.lo80!, fc.hi80!, xs, ys));
    backtest.attr('d', (b) => linePath(b.ds, b.mean, xs, ys));
    history.attr('d', linePath(ds, y, xs, ys));
    bandPaths.forEach((p, k) => p.attr('d', bandPath(fc!.ds, bands[k].lo, bands[k].hi, xs, ys)));
    if (fc && fcLine) fcLine.attr('d', linePath(fc.ds, fc.mean, xs, ys));
    if (cmp && cmpLine) cmpLine.attr('d', linePath(cmp.ds, cmp.mean, xs, ys));
    if (rule) rule.attr('x1', xs(origin)).attr('x2', xs(origin));
    outliers.attr('cx', (p) => xs(p.day));
    xAxis.call(axisBottom(x).ticks(Math.max(2, Math.round(innerW / 90))));
    const [d0, d1] = x.domain();
    svg.attr('data-x0', dayToIso(dateToDay(d0))).attr('data-x1', dayToIso(dateToDay(d1)));
  }
  // A keyboard window (ChartFrame's view) wins over the kept zoom.
  const initial = !options.xWindow && options.domain && options.domain[1] > options.domain[0] ? options.domain : null;
  if (initial) x.domain([dayToDate(Math.max(days[0], initial[0])), dayToDate(Math.min(days[1], initial[1]))]);
  redraw();

  // Hover: transparent overlay, focus dot and tooltip above it.
  const overlay = main.append('rect').attr('class', 'overlay').attr('width', innerW).attr('height', mainH)
    .attr('fill', 'none').attr('pointer-events', 'all');
  const dot = main.append('circle').attr('class', 'focus-dot').attr('r', 4).attr('display', 'none');
  const tip = main.append('g').attr('class', 'tooltip').attr('display', 'none');
  const tipBox = tip.append('rect').attr('rx', 3);
  const tipText = tip.append('text').attr('y', 4);
  overlay
    .on('pointermove', (event: PointerEvent) => {
      const [mx] = pointer(event, overlay.node());
      const h = seriesHover(data, dateToDay(x.invert(mx)));
      if (!h) return;
      const px = xs(h.day);
      const ok = Number.isFinite(h.value);
      dot.attr('display', ok ? null : 'none').attr('cx', px).attr('cy', ok ? ys(h.value) : 0)
        .classed('forecast', h.kind === 'forecast');
      tipText.selectAll('tspan').data(h.lines).join('tspan').attr('x', 6).attr('dy', '1.2em').text((t) => t);
      const boxW = Math.max(...h.lines.map((t) => t.length)) * 6.2 + 12;
      const boxH = h.lines.length * 13.2 + 8;
      tipBox.attr('width', boxW).attr('height', boxH);
      const tx = px + 10 + boxW > innerW ? Math.max(0, px - 10 - boxW) : px + 10;
      tip.attr('display', null).attr('transform', `translate(${tx},4)`)
        .attr('data-kind', h.kind).attr('data-day', dayToIso(h.day));
    })
    .on('pointerleave', () => {
      dot.attr('display', 'none');
      tip.attr('display', 'none');
    });

  if (!withContext) {
    overlay.on('dblclick', () => {
      x.domain(full);
      redraw();
      options.onDomain?.(null);
    });
    return svg.node()!;
  }

  // Context strip: overview of everything with a brush that sets the main x domain.
  const ctx = svg.append('g').attr('class', 'context').attr('transform', `translate(${m.left},${m.top + mainH + 36})`);
  const xs2 = (d: number) => x2(dayToDate(d));
  const ys2 = (v: number) => y2(v);
  ctx.append('path').attr('class', 'context-line').attr('d', linePath(ds, y, xs2, ys2));
  if (fc) ctx.append('path').attr('class', 'context-line forecast').attr('d', linePath(fc.ds, fc.mean, xs2, ys2));
  ctx.append('g').attr('class', 'axis x-axis').attr('transform', `translate(0,${ctxH})`)
    .call(axisBottom(x2).ticks(Math.max(2, Math.round(innerW / 90))));
  const brush = brushX<unknown>()
    .extent([[0, 0], [innerW, ctxH]])
    .on('brush end', (event: D3BrushEvent<unknown>) => {
      const sel = event.selection as [number, number] | null;
      if (sel && sel[1] - sel[0] >= 1) x.domain([x2.invert(sel[0]), x2.invert(sel[1])]);
      else if (event.type === 'end') x.domain(full);
      else return;
      redraw();
      // Only the user's own brushing is reported (not the programmatic move to the initial domain).
      if (event.sourceEvent && event.type === 'end') options.onDomain?.(sel && sel[1] - sel[0] >= 1 ? [dateToDay(x.domain()[0]), dateToDay(x.domain()[1])] : null);
    });
  const brushG = ctx.append('g').attr('class', 'brush').call(brush);
  if (options.xWindow) brushG.call(brush.move, [x2(dayToDate(win[0])), x2(dayToDate(win[1]))]);
  else if (initial) brushG.call(brush.move, [x2(dayToDate(Math.max(days[0], initial[0]))), x2(dayToDate(Math.min(days[1], initial[1])))]);
  overlay.on('dblclick', () => {
    brushG.call(brush.move, null);
    x.domain(full);
    redraw();
    options.onDomain?.(null);
  });
  return svg.node()!;
}
