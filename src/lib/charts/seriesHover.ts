import { dayToIso } from './days';
import { formatValue } from './format';
import { exactIndex, nearestIndex } from './nearestIndex';
import type { SeriesChartData } from './seriesTypes';

/** What the series chart's tooltip shows for a pointer position. */
export interface SeriesHover {
  kind: 'history' | 'forecast';
  /** Row index in `data.ds` or `data.forecast.ds`. */
  index: number;
  day: number;
  /** y to put the focus dot at (history value or forecast mean; NaN = no dot). */
  value: number;
  /** Tooltip lines: `YYYY-MM-DD · value`, then the forecast label and 80 % interval when over it. */
  lines: string[];
}

/**
 * Nearest history or forecast row to `day` and its tooltip text. The closer of the two wins; a tie
 * goes to the forecast (whose tooltip also shows the actual when history has that day). Null when
 * there is no data.
 */
export function seriesHover(data: SeriesChartData, day: number): SeriesHover | null {
  const h = nearestIndex(data.ds, day);
  const fc = data.forecast;
  const f = fc ? nearestIndex(fc.ds, day) : -1;
  if (h < 0 && f < 0) return null;
  const useForecast = fc !== undefined && f >= 0 && (h < 0 || Math.abs(fc.ds[f] - day) <= Math.abs(data.ds[h] - day));
  if (!useForecast) {
    const value = data.y[h];
    return { kind: 'history', index: h, day: data.ds[h], value, lines: [`${dayToIso(data.ds[h])} · ${formatValue(value)}`] };
  }
  const fd = fc.ds[f];
  const value = fc.mean[f];
  const lines = [`${dayToIso(fd)} · ${formatValue(value)}`];
  const label = fc.label ?? 'forecast';
  const lo = fc.lo80?.[f];
  const hi = fc.hi80?.[f];
  lines.push(
    lo !== undefined && hi !== undefined && Number.isFinite(lo) && Number.isFinite(hi)
      ? `${label} · 80 % ${formatValue(lo)} – ${formatValue(hi)}`
      : label,
  );
  const actual = exactIndex(data.ds, fd);
  if (actual >= 0 && Number.isFinite(data.y[actual])) lines.push(`actual · ${formatValue(data.y[actual])}`);
  return { kind: 'forecast', index: f, day: fd, value, lines };
}

/** `{ day, value }` for each outlier day found in `ds` with a finite value (others are dropped). */
export function outlierPoints(
  ds: Int32Array,
  y: Float64Array,
  outliers: ArrayLike<number>,
): { day: number; value: number }[] {
  const out: { day: number; value: number }[] = [];
  for (let k = 0; k < outliers.length; k++) {
    const i = exactIndex(ds, outliers[k]);
    if (i >= 0 && Number.isFinite(y[i])) out.push({ day: ds[i], value: y[i] });
  }
  return out;
}
