#!/usr/bin/env bash
# Runs one benchmark (bench/<name>.mjs) with Node 24 and, when it needs it, the loopback testbed:  scripts/bench.sh push
set -euo pipefail
source "$(dirname "$0")/setup.sh"
name="${1:?usage: scripts/bench.sh <name>}"
shift
exec bash scripts/with-testbed.sh node "bench/$name.mjs" "$@"
