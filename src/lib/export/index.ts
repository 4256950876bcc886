/** Exports: tables as CSV, TSV (spreadsheets) and Parquet, and the Backtest step's tables. */
export { type Cell, type ExportTable, cellText, checkTable } from './exportTable';
export { toCsv, toTsv } from './delimited';
export { exportTableToArrow, tableToParquet, type ParquetWriter } from './parquet';
export { leaderboardTable, perSeriesTable, backtestResultsTable, bySeriesTable, type BacktestTablesInput } from './backtestTables';
export { exportFileName } from './fileName';
