// Prints one closing line, "N passed, N failed, N skipped", over the vitest and Playwright JSON reports.
// A stage that ended with a non-zero exit code (UNIT_RC, E2E_RC) but reported no failed test — the
// browser tests could not start, a suite did not load — counts as one failure and is named, so the line
// never says "0 failed" for a run that failed.
import { existsSync, readFileSync } from 'node:fs';

const [unit, e2e] = process.argv.slice(2);
let passed = 0;
let skipped = 0;
const failed = { 'unit tests': 0, 'browser tests': 0 };
if (unit && existsSync(unit)) {
  const r = JSON.parse(readFileSync(unit, 'utf8'));
  passed += r.numPassedTests ?? 0;
  failed['unit tests'] += (r.numFailedTests ?? 0) + (r.numRuntimeErrorTestSuites ?? 0);
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
} else failed['unit tests'] += 1;
if (e2e && existsSync(e2e)) {
  const report = JSON.parse(readFileSync(e2e, 'utf8'));
  const s = report.stats ?? {};
  passed += (s.expected ?? 0) + (s.flaky ?? 0);
  // Top-level errors: the web server did not start, a spec did not load.
  failed['browser tests'] += (s.unexpected ?? 0) + (report.errors ?? []).length;
  skipped += s.skipped ?? 0;
} else failed['browser tests'] += 1;
for (const [name, rc] of [['unit tests', process.env.UNIT_RC], ['browser tests', process.env.E2E_RC]]) {
  if (rc !== undefined && rc !== '0' && failed[name] === 0) {
    failed[name] = 1;
    console.log(`\n✗ The ${name} ended with exit code ${rc} without a failed test: they did not run to the end (see the output above).`);
  }
}
console.log(`\nAll tests: ${passed} passed, ${failed['unit tests'] + failed['browser tests']} failed, ${skipped} skipped`);
