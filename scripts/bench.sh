#!/usr/bin/env bash
# Runs one benchmark (bench/<name>.mjs) with Node 24 (setup.sh puts it on PATH for this script and what it runs) and
# whatever that benchmark needs first:  scripts/bench.sh push
#   push, sign            the loopback testbed (started and stopped around the run unless it is already running)
#   verify-latency        the testbed, and lib/ built by tsc (it times the action bundles in dist/)
#   imagebuilder          lib/ built by tsc (it times the bundle in dist/ and the tsc output in lib/)
#   deploy, rollout       their bench/<name>.tsconfig.json compiled (the fakes they drive come from test/)
set -euo pipefail
source "$(dirname "$0")/setup.sh"
name="${1:?usage: scripts/bench.sh <name>}"
shift
case "$name" in
  push | sign) exec bash scripts/with-testbed.sh node "bench/$name.mjs" "$@" ;;
  verify-latency) npx tsc -p tsconfig.json && exec bash scripts/with-testbed.sh node "bench/$name.mjs" "$@" ;;
  imagebuilder) npx tsc -p tsconfig.json ;;
  deploy | rollout) npx tsc -p "bench/$name.tsconfig.json" ;;
  *) echo "scripts/bench.sh: no benchmark named '$name' (push, sign, verify-latency, imagebuilder, deploy, rollout)" >&2; exit 2 ;;
esac
exec node "bench/$name.mjs" "$@"
