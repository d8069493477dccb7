#!/usr/bin/env bash
# The whole test suite on a fresh machine: Node 24, npm packages, Debian packages and peers, the loopback testbed,
# type checking, then every jest test; the testbed is stopped at the end whatever happens. Extra arguments go to jest
# (e.g. `bash scripts/test.sh test/core`). The last line printed is the runner's summary: "jest: N passed, N failed, N skipped".
set -euo pipefail
source "$(dirname "$0")/setup.sh"

echo "== type check (src, test, bench)"
typecheck=0
node node_modules/typescript/bin/tsc -p tsconfig.test.json --noEmit || typecheck=$?

echo "== jest"
summary_file="$(mktemp)"
operations_dir="$(mktemp -d)"   # AWS operations recorded per action, for the IAM policy check after the suite
# The tests, the actions they run and the testbed get a temporary folder of their own: whatever is left in it
# afterwards was left behind by something that should have cleaned up, and fails the run (the folder goes anyway).
run_tmp="$(mktemp -d)"
trap 'rm -f "$summary_file"; rm -rf "$operations_dir" "$run_tmp"' EXIT
status=0
TMPDIR="$run_tmp" DRYDOCK_TEST_SUMMARY="$summary_file" DRYDOCK_AWS_OPERATIONS_DIR="$operations_dir" NODE_OPTIONS=--experimental-vm-modules \
  bash scripts/with-testbed.sh node node_modules/jest/bin/jest.js --ci "$@" || status=$?
echo
# node-compile-cache is tsc's (TypeScript turns on Node's compile cache, kept in the temporary folder): a cache, not litter.
left="$(ls -A "$run_tmp" | grep -vx node-compile-cache || true)"
if [ -n "$left" ]; then
  echo "the test run left files in its temporary folder (each test removes what it makes; see test/support/temp-dir.ts):"
  echo "$left" | sed 's/^/  /'
  [ "$status" -ne 0 ] || status=1
fi
if [ "$typecheck" -ne 0 ]; then echo "type check failed (see above)"; [ "$status" -ne 0 ] || status=$typecheck; fi
if [ -s "$summary_file" ]; then cat "$summary_file"; else echo "jest: 0 passed, 1 failed, 0 skipped (jest did not finish)"; [ "$status" -ne 0 ] || status=1; fi
exit "$status"
