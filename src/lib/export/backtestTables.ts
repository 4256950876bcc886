import type { BacktestSummary } from '../pipeline/backtestSummary';
import type { ExportTable } from './exportTable';

/** The parts of a backtest summary the export tables read. */
export type BacktestTablesInput = Pick<BacktestSummary, 'leaderboard' | 'selected' | 'perSeries' | 'bySeries' | 'charted'>;

/**
 * The leaderboard as a table, with the CLI's field names and units (`result.json`): `wape` and the
 * coverages are fractions, `smape` is in percent (0–200), `relative_mase` is MASE / seasonal naive's MASE.
 * `stands_for` names what `auto` chose on the earlier windows.
 */
export function leaderboardTable(summary: BacktestTablesInput): ExportTable {
  const columns = ['rank', 'model', 'stands_for', 'wape', 'mase', 'relative_mase', 'smape', 'rmse', 'mae', 'coverage_80', 'coverage_95', 'fit_seconds', 'failed_series'];
  const rows = summary.leaderboard.map((e) => [
    e.rank, e.model, e.kind === 'auto' ? summary.selected : null, e.wape, e.mase, e.relative_mase, e.smape, e.rmse, e.mae,
    e.coverage_80, e.coverage_95, e.fit_seconds, e.failed_series,
  ]);
  return { columns, rows };
}

/** Every leaderboard model's metrics per series on the scored window(s), same units as {@link leaderboardTable}. */
export function perSeriesTable(summary: BacktestTablesInput): ExportTable {
  const columns = ['model', 'unique_id', 'wape', 'mase', 'smape', 'rmse', 'mae', 'coverage_80', 'coverage_95'];
  const rows = summary.perSeries.map((s) => [s.model, s.id, s.wape, s.mase, s.smape, s.rmse, s.mae, s.coverage_80, s.coverage_95]);
  return { columns, rows };
}

/** One long table of both, for a single CSV or Parquet file: `section` is `leaderboard` or `series`. */
export function backtestResultsTable(summary: BacktestTablesInput): ExportTable {
  const lb = leaderboardTable(summary);
  const ps = perSeriesTable(summary);
  const columns = ['section', 'rank', 'model', 'stands_for', 'unique_id', 'wape', 'mase', 'relative_mase', 'smape', 'rmse', 'mae', 'coverage_80', 'coverage_95', 'fit_seconds', 'failed_series'];
  const pick = (t: ExportTable, row: ExportTable['rows'][number], c: string) => (t.columns.includes(c) ? row[t.columns.indexOf(c)] : null);
  const rows = [
    ...lb.rows.map((r) => columns.map((c) => (c === 'section' ? 'leaderboard' : pick(lb, r, c)))),
    ...ps.rows.map((r) => columns.map((c) => (c === 'section' ? 'series' : pick(ps, r, c)))),
  ];
  return { columns, rows };
}

/** The charted model's error per series (the Backtest step's table), worst first. */
export function bySeriesTable(summary: BacktestTablesInput): ExportTable {
  return { columns: ['unique_id', 'model', 'wape', 'mae'], rows: summary.bySeries.map((s) => [s.id, summary.charted, s.wape, s.mae]) };
}
