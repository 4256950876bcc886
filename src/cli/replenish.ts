/**
 * `npm run replenish -- …`: headless replenishment study on a CSV (see `REPLENISH_USAGE`).
 * Exit codes: 0 ok, 1 failure, 2 wrong input.
 */
import { runReplenish } from './runReplenish';

const code = await runReplenish(process.argv.slice(2), {
  stdout: (line) => process.stdout.write(line + '\n'),
  stderr: (line) => process.stderr.write(line + '\n'),
});
process.exitCode = code;
