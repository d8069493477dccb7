# Sourced by test.sh and main.sh: Node 24 on PATH and the npm packages installed (npm ci when node_modules is
# missing or older than the lock file). Debian packages and peers are installed by testbed.sh start.
source "$(dirname "${BASH_SOURCE[0]}")/node-env.sh"
cd "$drydock_root"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "drydock: installing npm packages (npm ci)" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
