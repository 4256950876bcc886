import { describe, expect, it } from 'vitest';
import { listMetrics } from '../../../src/lib/metrics';
import { GLOSSARY, explain, explainText } from '../../../src/lib/glossary';
import { leaderboardTable } from '../../../src/lib/export';

describe('glossary', () => {
  it('explains every metric of the metric registry', () => {
    const missing = listMetrics().filter((m) => !explain(m));
    expect(missing).toEqual([]);
  });
  it('explains every column of the leaderboard export and the figures of Backtest and Models', () => {
    const summary = { leaderboard: [], selected: '', perSeries: [] } as never;
    const columns = leaderboardTable(summary).columns.filter((c) => c !== 'stands_for');
    for (const k of [...columns, 'band_80', 'band_95', 'importance', 'baseline', 'promo_effect', 'price_effect', 'holiday_effect', 'loss']) {
      expect(explain(k), k).not.toBeNull();
    }
  });
  it('every entry says what it is, its unit and what good looks like', () => {
    for (const [k, e] of Object.entries(GLOSSARY)) {
      expect(e.what.length, k).toBeGreaterThan(20);
      expect(e.good.length, k).toBeGreaterThan(2);
      if (k !== 'model') expect(e.unit.length, k).toBeGreaterThan(1);
    }
    expect(GLOSSARY.smape.unit).toContain('%');
    expect(GLOSSARY.wape.unit).toContain('%');
    expect(explainText('relative_mase')).toMatch(/seasonal naive/);
    expect(explainText('relative_mase')).toMatch(/auto/);
    expect(explainText('nope')).toBe('');
  });
});
