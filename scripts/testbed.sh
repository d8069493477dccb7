#!/usr/bin/env bash
# The loopback testbed (DESIGN.md, "The loopback testbed"): real peers on 127.0.0.1, nothing leaves the machine.
#
#   scripts/testbed.sh start    install peers if needed (install-peers.sh), start the servers, write .testbed/env;
#                               prints "started", or "already-running" when it found a running testbed
#   scripts/testbed.sh stop     stop the recorded servers by PID (TERM, then KILL); safe to run twice
#   scripts/testbed.sh status   what runs where; exit status 0 only when every server is running
#   scripts/testbed.sh env      print .testbed/env (for `eval "$(scripts/testbed.sh env)"`)
#
# Servers, each on a free loopback port picked at start:
#   registry-http  docker-registry (CNCF distribution 2.8), plain HTTP, no auth
#   registry-tls   docker-registry over TLS (throwaway CA in .testbed/ca.pem) with htpasswd Basic auth for the
#                  user and password that moto's ECR GetAuthorizationToken hands out, so the ECR login flow works
#   moto           moto server (scripts/moto_launcher.py) for STS, ECR, EC2, EKS, SSM, Signer
# Registry storage is wiped at every start: each run begins empty, as moto does. Logs: .testbed/*.log.
# .testbed/env is a sourceable list of exports; .testbed/env.json holds the same values (except PATH) for node.
# Node trusts the testbed CA through NODE_EXTRA_CA_CERTS=.testbed/node-ca.pem (the CA plus any inherited bundle).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tb="$root/.testbed"
pids="$tb/pids"
peer_bin="$root/.tools/sid/usr/bin"
peer_python="$root/.tools/sid/usr/lib/python3/dist-packages"
python=/usr/bin/python3   # the system interpreter, whose apt-installed libraries moto uses (not pyenv's)

# moto's ECR GetAuthorizationToken returns base64("AWS:<account>-auth-token"), account 123456789012 by default.
registry_user=AWS
registry_password=123456789012-auth-token

say() { echo "testbed: $*" >&2; }
die() { say "error: $*"; exit 1; }

# A recorded PID counts as ours only while it is alive and its command line still points into this checkout:
# that keeps a stale pid file from ever signalling an unrelated process that reused the number.
is_ours() {
  local pid="$1"
  [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "$root/"
}

running_count() {
  local n=0 name pid rest
  [ -f "$pids" ] || { echo 0; return; }
  while read -r name pid rest; do is_ours "$pid" && n=$((n + 1)); done <"$pids"
  echo "$n"
}

cmd_stop() {
  [ -f "$pids" ] || return 0
  local name pid rest alive=() i
  while read -r name pid rest; do
    if is_ours "$pid"; then kill -TERM "$pid" 2>/dev/null || true; alive+=("$pid"); fi
  done <"$pids"
  for i in $(seq 50); do   # up to 5 s for a clean exit
    local still=()
    for pid in "${alive[@]}"; do is_ours "$pid" && still+=("$pid"); done
    alive=("${still[@]}")
    [ "${#alive[@]}" -eq 0 ] && break
    sleep 0.1
  done
  for pid in "${alive[@]}"; do say "pid $pid ignored TERM; sending KILL"; kill -KILL "$pid" 2>/dev/null || true; done
  rm -f "$pids"
}

cmd_status() {
  if [ ! -f "$pids" ]; then echo "testbed: not running"; return 1; fi
  local name pid endpoint all=0
  while read -r name pid endpoint; do
    if is_ours "$pid"; then echo "$name	pid $pid	$endpoint"; else echo "$name	pid $pid	NOT RUNNING"; all=1; fi
  done <"$pids"
  return "$all"
}

free_ports() {  # prints N free loopback ports, held open together while choosing so they differ
  "$python" - "$1" <<'EOF'
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))
EOF
}

make_certificates() {  # a throwaway CA and a server certificate for 127.0.0.1 and localhost, kept while valid
  if [ -f "$tb/ca.pem" ] && [ -f "$tb/server.pem" ] && [ -f "$tb/certs.d/ca.crt" ] && [ -f "$tb/server-key.pem" ] &&
    openssl x509 -checkend 86400 -noout -in "$tb/server.pem" >/dev/null 2>&1; then
    return 0
  fi
  local ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
  openssl req -x509 "${ec[@]}" -keyout "$tb/ca-key.pem" -out "$tb/ca.pem" -days 30 \
    -subj "/CN=drydock testbed CA" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  openssl req "${ec[@]}" -keyout "$tb/server-key.pem" -out "$tb/server.csr" -subj "/CN=127.0.0.1" 2>/dev/null
  printf '%s\n' "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" \
    "extendedKeyUsage=serverAuth" "subjectAltName=IP:127.0.0.1,DNS:localhost" >"$tb/server.ext"
  openssl x509 -req -in "$tb/server.csr" -CA "$tb/ca.pem" -CAkey "$tb/ca-key.pem" -CAcreateserial \
    -days 30 -sha256 -extfile "$tb/server.ext" -out "$tb/server.pem" 2>/dev/null
  rm -f "$tb/server.csr" "$tb/server.ext" "$tb/ca.srl"
  # skopeo (containers/image) takes a directory holding ca.crt instead of a CA file.
  mkdir -p "$tb/certs.d"
  cp "$tb/ca.pem" "$tb/certs.d/ca.crt"
}

# NODE_EXTRA_CA_CERTS replaces, not adds to, what the caller had: when it already names a file (on machines whose
# outbound TLS goes through an intercepting proxy it is the system bundle, without which npm fails), Node gets a
# bundle of the testbed CA plus that file. The inherited path is remembered so that a start from a shell that
# sourced .testbed/env does not lose it.
write_node_ca_bundle() {
  local inherited="${NODE_EXTRA_CA_CERTS:-}"
  case "$inherited" in "$tb"/*) inherited="$(cat "$tb/node-ca.inherited" 2>/dev/null || true)" ;; esac
  printf '%s\n' "$inherited" >"$tb/node-ca.inherited"
  cat "$tb/ca.pem" >"$tb/node-ca.pem"
  if [ -n "$inherited" ] && [ -r "$inherited" ]; then cat "$inherited" >>"$tb/node-ca.pem"; fi
}

write_registry_config() {  # name port [tls]
  local name="$1" port="$2" tls="${3:-}"
  cat >"$tb/$name.yml" <<EOF
version: 0.1
log:
  level: info
  fields:
    service: $name
storage:
  filesystem:
    rootdirectory: $tb/$name-data
  delete:
    enabled: true
  maintenance:
    uploadpurging:
      enabled: false
http:
  addr: 127.0.0.1:$port
  secret: $(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  headers:
    X-Content-Type-Options: [nosniff]
EOF
  if [ -n "$tls" ]; then
    cat >>"$tb/$name.yml" <<EOF
  tls:
    certificate: $tb/server.pem
    key: $tb/server-key.pem
auth:
  htpasswd:
    realm: drydock-testbed
    path: $tb/htpasswd
EOF
  fi
}

launch() {  # name endpoint command... : starts a server in its own session, logging to .testbed/<name>.log
  local name="$1" endpoint="$2"
  shift 2
  setsid "$@" </dev/null >"$tb/$name.log" 2>&1 9>&- &   # 9: the start/stop lock stays with this script
  echo "$name $! $endpoint" >>"$pids"
}

http_code() { curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$@" || true; }

wait_ready() {  # name pid url expected-codes [curl options...]
  local name="$1" pid="$2" url="$3" want="$4" code i
  shift 4
  for i in $(seq 300); do   # up to 30 s
    code="$(http_code "$@" "$url")"
    case " $want " in *" $code "*) return 0 ;; esac
    if ! is_ours "$pid"; then
      say "$name exited during start; the end of .testbed/$name.log:"
      tail -n 20 "$tb/$name.log" >&2
      return 1
    fi
    sleep 0.1
  done
  say "$name did not answer $url with $want within 30 s (last: $code); see .testbed/$name.log"
  return 1
}

cmd_start() {
  if [ -f "$pids" ]; then
    local count expected
    count="$(running_count)"
    expected="$(wc -l <"$pids")"
    if [ "$count" -eq "$expected" ] && [ -f "$tb/env" ]; then
      say "already running (scripts/testbed.sh status)"
      echo already-running
      return 0
    fi
    say "cleaning up a partly running testbed"
    cmd_stop
  fi

  bash "$root/scripts/install-peers.sh" >&2   # stdout carries only the outcome word
  mkdir -p "$tb"
  make_certificates
  htpasswd -Bbn "$registry_user" "$registry_password" >"$tb/htpasswd" 2>/dev/null

  write_node_ca_bundle

  local http_port tls_port moto_port
  read -r http_port tls_port moto_port <<<"$(free_ports 3)"
  rm -rf "$tb/registry-http-data" "$tb/registry-tls-data"
  write_registry_config registry-http "$http_port"
  write_registry_config registry-tls "$tls_port" tls

  rm -f "$pids" "$tb/env" "$tb/env.json"
  launch registry-http "http://127.0.0.1:$http_port" /usr/bin/docker-registry serve "$tb/registry-http.yml"
  launch registry-tls "https://127.0.0.1:$tls_port" /usr/bin/docker-registry serve "$tb/registry-tls.yml"
  launch moto "http://127.0.0.1:$moto_port" \
    env PYTHONPATH="$peer_python" "$python" "$root/scripts/moto_launcher.py" --port "$moto_port"

  local ok=1 name pid rest
  while read -r name pid rest; do
    case "$name" in
      registry-http) wait_ready "$name" "$pid" "http://127.0.0.1:$http_port/v2/" 200 || ok=0 ;;
      registry-tls) wait_ready "$name" "$pid" "https://127.0.0.1:$tls_port/v2/" 401 --cacert "$tb/ca.pem" || ok=0 ;;
      moto) wait_ready "$name" "$pid" "http://127.0.0.1:$moto_port/moto-api/" 200 || ok=0 ;;
    esac
  done <"$pids"
  if [ "$ok" = 0 ]; then cmd_stop; die "the testbed did not start"; fi

  # Variables for the tests, in the order a reader wants them. PATH gets the peers' directory in front.
  local vars=(
    DRYDOCK_TESTBED=1
    "DRYDOCK_REGISTRY_HTTP=127.0.0.1:$http_port"
    "DRYDOCK_REGISTRY_TLS=127.0.0.1:$tls_port"
    "DRYDOCK_REGISTRY_USER=$registry_user"
    "DRYDOCK_REGISTRY_PASSWORD=$registry_password"
    "DRYDOCK_TESTBED_CA=$tb/ca.pem"
    "NODE_EXTRA_CA_CERTS=$tb/node-ca.pem"
    "DRYDOCK_TESTBED_CERT_DIR=$tb/certs.d"
    "DRYDOCK_PEER_BIN=$peer_bin"
    "AWS_ENDPOINT_URL=http://127.0.0.1:$moto_port"
    AWS_ACCESS_KEY_ID=testing
    AWS_SECRET_ACCESS_KEY=testing
    AWS_REGION=us-east-1
    AWS_DEFAULT_REGION=us-east-1
    AWS_EC2_METADATA_DISABLED=true
  )
  {
    echo "# Written by scripts/testbed.sh start; source it to talk to the running testbed."
    local v
    for v in "${vars[@]}"; do printf 'export %s=%q\n' "${v%%=*}" "${v#*=}"; done
    printf 'export PATH=%q:"$PATH"\n' "$peer_bin"
  } >"$tb/env.tmp"
  "$python" -c 'import json, sys; print(json.dumps(dict(v.split("=", 1) for v in sys.argv[1:]), indent=2))' \
    "${vars[@]}" >"$tb/env.json"
  mv "$tb/env.tmp" "$tb/env"
  echo started
  say "running: registry http://127.0.0.1:$http_port, registry https://127.0.0.1:$tls_port (auth), moto http://127.0.0.1:$moto_port; source .testbed/env"
}

lock() {  # one start or stop at a time per checkout (e.g. two with-testbed.sh runs beginning together)
  mkdir -p "$tb"
  exec 9>"$tb/lock"
  flock 9
}

case "${1:-}" in
  start) lock; cmd_start ;;
  stop) lock; cmd_stop ;;
  status) cmd_status ;;
  env) [ -f "$tb/env" ] || die "not running: scripts/testbed.sh start"; cat "$tb/env" ;;
  *) echo "usage: scripts/testbed.sh start|stop|status|env" >&2; exit 2 ;;
esac
