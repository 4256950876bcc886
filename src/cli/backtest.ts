/**
 * `npm run backtest -- …`: headless backtest of the studio's pipeline on a CSV (see `USAGE`).
 * Exit codes: 0 ok, 1 failure, 2 bad flags or missing columns.
 */
import { runCli } from './runCli';

const code = await runCli(process.argv.slice(2), {
  stdout: (line) => process.stdout.write(line + '\n'),
  stderr: (line) => process.stderr.write(line + '\n'),
});
process.exitCode = code;
