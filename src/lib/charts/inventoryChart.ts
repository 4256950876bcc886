import { axisBottom, axisLeft, max, scaleLinear, scaleUtc } from 'd3';
import { dayToDate } from './days';
import { linePath } from './paths';
import { createSvg, type ChartOptions } from './svg';
import { drawAxisLabels } from './decor';

/** One legend entry of the inventory chart. */
interface LegendItem {
  color: string;
  label: string;
  swatch: 'line' | 'dash' | 'rect';
}

const ROW = 14;

/** Where each legend entry goes (left to right, wrapping at `width`) and the height the rows take. */
export function legendLayout(entries: { label: string; swatch: string }[], width: number): { at: { x: number; y: number }[]; height: number } {
  let x = 0;
  let y = 0;
  const at = entries.map((e) => {
    const iw = (e.swatch === 'rect' ? 13 : 17) + e.label.length * 6 + 12;
    if (x > 0 && x + iw > width) {
      x = 0;
      y += ROW;
    }
    const p = { x, y };
    x += iw;
    return p;
  });
  return { at, height: y + ROW };
}

/** Input of {@link inventoryChart}: one replayed policy over days (and optionally the naive one). */
export interface InventoryChartData {
  days: ArrayLike<number>;
  onHand: ArrayLike<number>;
  ordered: ArrayLike<number>;
  lost: ArrayLike<number>;
  /** Order-up-to level per period (NaN where none). */
  levels?: ArrayLike<number>;
  /** On-hand of the naive policy, drawn dashed for comparison. */
  naiveOnHand?: ArrayLike<number>;
}

/**
 * On-hand stock over time (line), orders placed (bars at the bottom), stock-outs (red marks on the
 * axis, height = units lost) and the order-up-to level (thin line); the legend above the plot area
 * (`rect.plot-area`), axis titles `date` and `units`. The svg carries `data-stockouts`,
 * `data-orders` and `data-max-on-hand`.
 */
export function inventoryChart(d: InventoryChartData, options: ChartOptions & { title?: string }): SVGSVGElement {
  const n = d.days.length;
  const stockouts = Array.from({ length: n }, (_, i) => i).filter((i) => d.lost[i] > 1e-9);
  const orders = Array.from({ length: n }, (_, i) => i).filter((i) => d.ordered[i] > 0);
  const svg = createSvg('inventory-chart', `On-hand stock over ${n} periods: ${orders.length} orders, ${stockouts.length} stock-out periods`, options);
  // The legend sits in the top margin, above the plot (wrapped onto as many rows as the width needs), never over the lines.
  const entries: LegendItem[] = [
    { color: '#08519c', label: 'on hand (policy)', swatch: 'line' },
    ...(d.naiveOnHand ? [{ color: '#e6550d', label: 'on hand (naive)', swatch: 'dash' as const }] : []),
    ...(d.levels ? [{ color: '#999', label: 'order-up-to level', swatch: 'line' as const }] : []),
    { color: '#9ecae1', label: 'orders', swatch: 'rect' },
    { color: '#d62728', label: 'stock-outs', swatch: 'rect' },
  ];
  const left = 56;
  const right = 14;
  const layout = legendLayout(entries, Math.max(10, options.width - left - right));
  const titleH = options.title ? 20 : 0;
  const m = { top: titleH + layout.height + 22, right, bottom: 34, left };
  const w = Math.max(10, options.width - m.left - m.right);
  const h = Math.max(10, options.height - m.top - m.bottom);
  const maxOnHand = max(Array.from(d.onHand)) ?? 0;
  svg.attr('data-stockouts', stockouts.length).attr('data-orders', orders.length).attr('data-max-on-hand', Math.round(maxOnHand));
  if (options.title) svg.append('text').attr('class', 'title').attr('x', m.left).attr('y', 14).text(options.title);
  const top = Math.max(1, maxOnHand, max(Array.from(d.levels ?? []).filter(Number.isFinite)) ?? 0, max(Array.from(d.naiveOnHand ?? [])) ?? 0, max(Array.from(d.ordered)) ?? 0);
  const x = scaleUtc().domain([dayToDate(d.days[0] - 0.5), dayToDate(d.days[n - 1] + 0.5)]).range([0, w]);
  const xd = (day: number) => x(dayToDate(day));
  const y = scaleLinear().domain([0, top * 1.05]).nice().range([h, 0]);
  const g = svg.append('g').attr('transform', `translate(${m.left},${m.top})`);
  g.append('g').attr('class', 'axis x-axis').attr('transform', `translate(0,${h})`).call(axisBottom(x).ticks(Math.max(2, Math.round(w / 90))));
  g.append('g').attr('class', 'axis y-axis').call(axisLeft(y).ticks(Math.max(2, Math.round(h / 40))));
  const bw = Math.max(1, (w / Math.max(1, n)) * 0.6);
  g.append('g').attr('class', 'orders').selectAll('rect').data(orders).join('rect')
    .attr('x', (i) => xd(d.days[i]) - bw / 2).attr('width', bw).attr('y', (i) => y(d.ordered[i])).attr('height', (i) => h - y(d.ordered[i]))
    .attr('fill', '#9ecae1').attr('opacity', 0.7).append('title').text((i) => `ordered ${Math.round(d.ordered[i])}`);
  if (d.levels) g.append('path').attr('class', 'level').attr('d', linePath(d.days, d.levels, xd, y)).attr('fill', 'none').attr('stroke', '#999').attr('stroke-width', 1);
  if (d.naiveOnHand) g.append('path').attr('class', 'naive-on-hand').attr('d', linePath(d.days, d.naiveOnHand, xd, y)).attr('fill', 'none').attr('stroke', '#e6550d').attr('stroke-dasharray', '4 3').attr('stroke-width', 1.2);
  g.append('path').attr('class', 'on-hand').attr('d', linePath(d.days, d.onHand, xd, y)).attr('fill', 'none').attr('stroke', '#08519c').attr('stroke-width', 1.6);
  g.append('g').attr('class', 'stockouts').selectAll('rect').data(stockouts).join('rect')
    .attr('x', (i) => xd(d.days[i]) - bw / 2).attr('width', bw).attr('y', h - 6).attr('height', 6).attr('fill', '#d62728')
    .append('title').text((i) => `stock-out: ${Math.round(d.lost[i])} units lost`);
  g.append('rect').attr('class', 'plot-area').attr('width', w).attr('height', h).attr('fill', 'none').attr('pointer-events', 'none');
  drawAxisLabels(g, { x: 'date', y: 'units' }, { w, h, bottom: m.bottom });
  const legend = svg.append('g').attr('class', 'legend').attr('transform', `translate(${m.left},${titleH + 4})`);
  entries.forEach((e, i) => {
    const at = layout.at[i];
    const it = legend.append('g').attr('class', 'legend-item').attr('transform', `translate(${at.x},${at.y})`);
    if (e.swatch === 'rect') it.append('rect').attr('width', 10).attr('height', 10).attr('y', 0).attr('fill', e.color);
    else it.append('line').attr('x1', 0).attr('x2', 14).attr('y1', 5).attr('y2', 5).attr('stroke', e.color).attr('stroke-width', 2).attr('stroke-dasharray', e.swatch === 'dash' ? '4 3' : null);
    it.append('text').attr('x', e.swatch === 'rect' ? 13 : 17).attr('y', 9).attr('font-size', 10).text(e.label);
  });
  return svg.node()!;
}
