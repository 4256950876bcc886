/** A visible part of a chart's x axis as fractions `[from, to]` of its full range. */
export type XWindow = readonly [number, number];

const MIN_WIDTH = 0.01;

/** Shifts the window by `by` times its width (negative = left), kept inside [0, 1]. */
export function panWindow(win: XWindow, by: number): XWindow {
  const width = win[1] - win[0];
  const a = Math.max(0, Math.min(1 - width, win[0] + by * width));
  return [a, a + width];
}

/**
 * Zooms around the window's centre: `factor` < 1 zooms in (e.g. 0.5 halves the width), > 1 out;
 * at least 1 % wide, at most the full range, kept inside [0, 1].
 */
export function zoomWindow(win: XWindow, factor: number): XWindow {
  const centre = (win[0] + win[1]) / 2;
  const width = Math.max(MIN_WIDTH, Math.min(1, (win[1] - win[0]) * factor));
  const a = Math.max(0, Math.min(1 - width, centre - width / 2));
  return [a, a + width];
}
