#!/usr/bin/env bash
# The main job on a fresh machine: set-up (Node 24, npm packages, Debian packages and peers), the loopback testbed,
# then the delivery chain of scripts/delivery-chain.sh; the testbed is stopped at the end whatever happens.
set -euo pipefail
source "$(dirname "$0")/setup.sh"
exec bash scripts/with-testbed.sh bash scripts/delivery-chain.sh
