/**
 * Lazy entry to the holiday calendar, so `date-holidays` lands in its own chunk and loads only when a
 * spec names a country.
 */
import type { HolidayCalendarOptions } from './holidayCalendar';
import type { HolidayCalendar } from './holidayFeatures';

/** Loads `date-holidays` on first use and returns the holidays for `range` (see `holidayCalendar`). */
export async function loadHolidayCalendar(
  options: HolidayCalendarOptions,
  range: { start: string; end: string },
): Promise<HolidayCalendar> {
  const { holidayCalendar } = await import('./holidayCalendar');
  return holidayCalendar(options, range);
}
