/**
 * `npm run forecast -- …`: fit on all of a CSV and write the forecast beyond it (see `FORECAST_USAGE`).
 * Exit codes: 0 ok, 1 failure, 2 bad flags, missing columns, a wrong plan or a bad quantile.
 */
import { runForecast } from './runForecast';

const code = await runForecast(process.argv.slice(2), {
  stdout: (line) => process.stdout.write(line + '\n'),
  stderr: (line) => process.stderr.write(line + '\n'),
});
process.exitCode = code;
