#!/usr/bin/env bash
# Runs every test: unit tests (vitest, Node) and browser tests (Playwright driving Debian's Chromium
# against the built site). Installs what a fresh clone lacks: npm packages, and Chromium when root.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x node_modules/.bin/vite ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "› installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
fi

CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM_PATH" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "› installing Debian's Chromium for the browser tests (apt-get install chromium)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "✗ No Chromium at $CHROMIUM_PATH, and this user cannot install it." >&2
    echo "  Install it (Debian/Ubuntu: sudo apt-get install -y chromium), or point CHROMIUM_PATH at a" >&2
    echo "  Chromium or Chrome binary (CHROMIUM_PATH=/path/to/chrome npm test), then run npm test again." >&2
    exit 1
  fi
fi
export CHROMIUM_PATH

mkdir -p .test-reports
echo "› generating the bundled sample"
npm run --silent sample

echo "› unit tests (vitest)"
unit_rc=0
npx vitest run --reporter=default --reporter=json --outputFile.json=.test-reports/unit.json || unit_rc=$?

echo "› building the site"
npx vite build --logLevel warn

echo "› browser tests (playwright, Chromium at $CHROMIUM_PATH)"
e2e_rc=0
PLAYWRIGHT_JSON_OUTPUT_NAME=.test-reports/e2e.json npx playwright test --reporter=list,json || e2e_rc=$?

UNIT_RC=$unit_rc E2E_RC=$e2e_rc node tests/tools/summary.mjs .test-reports/unit.json .test-reports/e2e.json
[ "$unit_rc" = 0 ] && [ "$e2e_rc" = 0 ]
