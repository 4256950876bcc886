/**
 * `npm run promo -- …`: the uplift decomposition of a promotion scenario (see `PROMO_USAGE`).
 * Exit codes: 0 ok, 1 failure, 2 bad flags, missing columns or a bad scenario.
 */
import { runPromo } from './runPromo';

const code = await runPromo(process.argv.slice(2), {
  stdout: (line) => process.stdout.write(line + '\n'),
  stderr: (line) => process.stderr.write(line + '\n'),
});
process.exitCode = code;
