import { select, type Selection } from 'd3';
import { CHART_CSS } from './chartStyles';

/** Options every chart accepts. */
export interface ChartOptions {
  /** Width in px; the chart scales through `viewBox`. */
  width: number;
  /** Height in px. */
  height: number;
  /** Document to create nodes in. Default `globalThis.document`. */
  document?: Document;
  /** Overrides the chart's default `aria-label`. */
  ariaLabel?: string;
  /**
   * Visible part of the x axis as fractions `[from, to]` of the full range (keyboard zoom and pan);
   * charts along a time axis honour it (series, backtest, residuals over time). Default: everything.
   */
  xWindow?: readonly [number, number];
}

/** Inner plot margins in px. */
export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export type Svg = Selection<SVGSVGElement, unknown, null, undefined>;

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * Root `<svg class="fs-chart {kind}" role="img" viewBox=…>` with the default stylesheet inside.
 * Throws on a bad size or when no document is available.
 */
export function createSvg(kind: string, label: string, options: ChartOptions): Svg {
  const { width, height } = options;
  if (!(width > 0) || !(height > 0)) throw new Error(`${kind}: width and height must be > 0 (got ${width}×${height})`);
  const doc = options.document ?? (globalThis as { document?: Document }).document;
  if (!doc) throw new Error(`${kind}: no document; pass options.document`);
  const node = doc.createElementNS(SVG_NS, 'svg') as SVGSVGElement;
  const svg = select(node)
    .attr('xmlns', SVG_NS)
    .attr('class', `fs-chart ${kind}`)
    .attr('role', 'img')
    .attr('aria-label', options.ariaLabel ?? label)
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('width', width)
    .attr('height', height)
    .attr('preserveAspectRatio', 'xMidYMid meet');
  svg.append('style').text(CHART_CSS);
  return svg;
}

let clipCounter = 0;

/** A unique id for clip paths (several charts share one page). */
export function uniqueId(prefix: string): string {
  clipCounter += 1;
  return `${prefix}-${clipCounter}`;
}
