import { area, line } from 'd3';

/** Maps a day number (or step) to a pixel. */
export type PixelScale = (v: number) => number;

/**
 * SVG path `d` for a line through (xs[i], ys[i]); non-finite ys break the line.
 * Returns `''` when nothing is drawable.
 */
export function linePath(xs: ArrayLike<number>, ys: ArrayLike<number>, x: PixelScale, y: PixelScale): string {
  const idx = indices(Math.min(xs.length, ys.length));
  const gen = line<number>()
    .defined((i) => Number.isFinite(ys[i]) && Number.isFinite(xs[i]))
    .x((i) => x(xs[i]))
    .y((i) => y(ys[i]));
  return gen(idx) ?? '';
}

/**
 * SVG path `d` for the band between `lo` and `hi` (an interval area); a point where either bound
 * is missing breaks the band. Returns `''` when nothing is drawable.
 */
export function bandPath(
  xs: ArrayLike<number>,
  lo: ArrayLike<number>,
  hi: ArrayLike<number>,
  x: PixelScale,
  y: PixelScale,
): string {
  const idx = indices(Math.min(xs.length, lo.length, hi.length));
  const gen = area<number>()
    .defined((i) => Number.isFinite(lo[i]) && Number.isFinite(hi[i]) && Number.isFinite(xs[i]))
    .x((i) => x(xs[i]))
    .y0((i) => y(lo[i]))
    .y1((i) => y(hi[i]));
  return gen(idx) ?? '';
}

function indices(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
