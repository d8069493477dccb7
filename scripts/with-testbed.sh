#!/usr/bin/env bash
# Runs one command against the loopback testbed:  scripts/with-testbed.sh CMD [ARGS...]
# Starts the testbed, runs CMD with .testbed/env in its environment, and stops the testbed afterwards, also when CMD
# fails or this script is interrupted. Exits with CMD's exit status. A testbed that was already running before is
# used as it is and left running.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
testbed="$root/scripts/testbed.sh"
[ "$#" -gt 0 ] || { echo "usage: scripts/with-testbed.sh CMD [ARGS...]" >&2; exit 2; }

started_here=0
child=
interrupted=
stop_testbed() { if [ "$started_here" = 1 ]; then bash "$testbed" stop; fi; }
# The command runs in the background so that a TERM sent to this script reaches it at once (bash defers traps
# while a foreground child runs); INT and TERM are passed on to it as TERM.
forward() { interrupted="$1"; if [ -n "$child" ]; then kill -TERM "$child" 2>/dev/null; fi; }
trap stop_testbed EXIT
trap 'forward 130' INT
trap 'forward 143' TERM

outcome="$(bash "$testbed" start)" || exit $?
if [ "$outcome" = started ]; then started_here=1; fi
# shellcheck source=/dev/null
source "$root/.testbed/env"

"$@" <&0 &   # the explicit <&0 keeps stdin (a background job would otherwise read /dev/null)
child=$!
while :; do
  wait "$child"
  status=$?
  kill -0 "$child" 2>/dev/null || break   # wait also returns when a trapped signal arrives
done
if [ -n "$interrupted" ] && [ "$status" -eq 0 ]; then status="$interrupted"; fi
exit "$status"
