/**
 * Public holidays from `date-holidays` (offline data). This module is heavy (~236 kB gzip): load it
 * lazily through `loadHolidayCalendar`, never from the features index.
 */
import Holidays from 'date-holidays';
import type { DataIssue } from '../data/contract';
import type { HolidayCalendar } from './holidayFeatures';

export interface HolidayCalendarOptions {
  /** ISO 3166 country code, e.g. 'US', 'DE'. */
  country: string;
  /** State/region code inside the country, e.g. 'BY'. */
  region?: string;
  /** date-holidays types to keep (default `['public']`). */
  types?: string[];
}

/**
 * Holidays of a country (and region) for every year touching `start`…`end` (ISO dates), padded by a
 * year on each side so windows around the edges see their holidays. Unknown codes come back as issues.
 */
export function holidayCalendar(options: HolidayCalendarOptions, range: { start: string; end: string }): HolidayCalendar {
  const country = options.country.trim().toUpperCase();
  const types = options.types ?? ['public'];
  const issues: DataIssue[] = [];
  const hd = new Holidays();
  const countries = hd.getCountries('en') ?? {};
  if (!countries[country]) {
    issues.push({
      level: 'error',
      code: 'unknown_country',
      message: `"${options.country}" is not a country code the holiday calendar knows; no holidays were added.`,
      hint: 'Use a two-letter ISO 3166 code such as US, GB, DE or FR.',
      where: 'holidays.country',
    });
    return { dates: [], issues };
  }
  let region = options.region?.trim().toUpperCase();
  if (region) {
    const states = hd.getStates(country, 'en') ?? {};
    if (!states[region]) {
      issues.push({
        level: 'warning',
        code: 'unknown_region',
        message: `"${options.region}" is not a region of ${country}; national holidays only were used.`,
        hint: `Known regions: ${Object.keys(states).join(', ') || 'none'}.`,
        where: 'holidays.region',
      });
      region = undefined;
    }
  }
  if (region) hd.init(country, region, { languages: ['en'] });
  else hd.init(country, { languages: ['en'] });
  const y0 = Number(range.start.slice(0, 4)) - 1;
  const y1 = Number(range.end.slice(0, 4)) + 1;
  const seen = new Set<string>();
  const dates: HolidayCalendar['dates'] = [];
  for (let year = y0; year <= y1; year++) {
    for (const h of hd.getHolidays(year, 'en')) {
      const date = h.date.slice(0, 10);
      if (!types.includes(h.type) || seen.has(date + h.name)) continue;
      seen.add(date + h.name);
      dates.push({ date, name: h.name });
    }
  }
  dates.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { dates, issues };
}
