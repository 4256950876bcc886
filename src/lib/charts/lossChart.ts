import { axisBottom, axisLeft, scaleLinear, scaleLog } from 'd3';
import { formatValue } from './format';
import { decadeDomain, lossScaleType } from './lossScaleType';
import { niceDomain } from './niceDomain';
import { linePath } from './paths';
import { createSvg, type ChartOptions } from './svg';

/** Input of {@link lossChart}: loss per epoch (or iteration), index 0 = epoch 1. */
export interface LossChartData {
  train: ArrayLike<number>;
  valid?: ArrayLike<number>;
}

/** Options of {@link lossChart}. */
export interface LossChartOptions extends ChartOptions {
  /** Force the y scale; default picks log when the losses span more than two decades. */
  yScale?: 'log' | 'linear';
  /** Title above the plot, rendered as text. */
  title?: string;
  /** Axis label for x. Default `epoch`. */
  xLabel?: string;
  /** Axis label for y. Default `loss (lower is better)`. */
  yLabel?: string;
}

/**
 * Training (and validation) loss curves with a legend; log y when the range spans > 2 decades.
 * Cheap enough to rebuild on every epoch. The svg carries `data-epochs`, `data-scale` (`log` /
 * `linear`) and `data-last-train` / `data-last-valid` (formatted last losses).
 */
export function lossChart(data: LossChartData, options: LossChartOptions): SVGSVGElement {
  const { train } = data;
  // A validation curve with no finite value draws no line, so it gets no legend entry either.
  const valid = data.valid && Array.from(data.valid).some(Number.isFinite) ? data.valid : undefined;
  const n = Math.max(train.length, valid?.length ?? 0);
  const kind = options.yScale ?? (valid ? lossScaleType(train, valid) : lossScaleType(train));
  const lastTrain = train.length ? train[train.length - 1] : NaN;
  const lastValid = valid?.length ? valid[valid.length - 1] : NaN;
  const label =
    `Loss over ${n} epochs, last train ${formatValue(lastTrain)}` + (valid ? `, last validation ${formatValue(lastValid)}` : '');
  const svg = createSvg('loss-chart', label, options);
  const m = { top: options.title ? 40 : 36, right: 14, bottom: 30, left: 52 };
  const w = Math.max(10, options.width - m.left - m.right);
  const h = Math.max(10, options.height - m.top - m.bottom);
  svg.attr('data-epochs', n).attr('data-scale', kind)
    .attr('data-last-train', formatValue(lastTrain));
  if (valid) svg.attr('data-last-valid', formatValue(lastValid));
  if (options.title) svg.append('text').attr('class', 'title').attr('x', m.left).attr('y', 14).text(options.title);

  const x = scaleLinear().domain([1, Math.max(2, n)]).range([0, w]);
  const series = valid ? [train, valid] : [train];
  const y =
    kind === 'log'
      ? scaleLog().domain(decadeDomain(...series)).range([h, 0])
      : scaleLinear().domain(niceDomain(series)).range([h, 0]);
  // A log scale cannot place a loss ≤ 0: treat it as missing.
  const ys = (v: number) => (kind === 'log' && !(v > 0) ? NaN : y(v));
  const epochs = (len: number) => Float64Array.from({ length: len }, (_, i) => i + 1);

  const g = svg.append('g').attr('transform', `translate(${m.left},${m.top})`);
  g.append('g').attr('class', 'axis x-axis').attr('transform', `translate(0,${h})`)
    .call(axisBottom(x).ticks(Math.min(n, Math.max(2, Math.round(w / 70)))).tickFormat((d) => String(d)));
  g.append('g').attr('class', 'axis y-axis')
    .call(kind === 'log' ? axisLeft(y).ticks(4, '~g') : axisLeft(y).ticks(Math.max(2, Math.round(h / 40))));
  g.append('text').attr('class', 'axis-label').attr('x', w).attr('y', h + 26).attr('text-anchor', 'end')
    .attr('fill', 'currentColor').text(options.xLabel ?? 'epoch');
  g.append('text').attr('class', 'axis-label y-label').attr('x', -4).attr('y', -8).attr('fill', 'currentColor')
    .text(options.yLabel ?? 'loss (lower is better)');
  g.append('path').attr('class', 'loss-train').attr('d', linePath(epochs(train.length), train, x, ys));
  if (valid) g.append('path').attr('class', 'loss-valid').attr('d', linePath(epochs(valid.length), valid, x, ys));

  const entries: [string, string][] = [['loss-train', 'train']];
  if (valid) entries.push(['loss-valid', 'validation']);
  const legend = g.append('g').attr('class', 'legend').attr('transform', `translate(${Math.max(0, w - 150)},-22)`);
  entries.forEach(([cls, text], i) => {
    const item = legend.append('g').attr('transform', `translate(${i * 75},0)`);
    item.append('line').attr('class', cls).attr('x1', 0).attr('x2', 16).attr('y1', 0).attr('y2', 0);
    item.append('text').attr('x', 20).attr('dy', '0.32em').text(text);
  });
  return svg.node()!;
}
