#!/usr/bin/env bash
# Installs the loopback testbed's peers (see DESIGN.md, "The loopback testbed"). Idempotent, quiet, and a no-op
# taking well under a second once everything is in place.
#
#   From the machine's own Debian release (apt-get install): docker-registry, skopeo, htpasswd (apache2-utils),
#   openssl, curl, and the python3 libraries that moto, botocore and boto3 depend on.
#   From the rolling suite (sid): python3-moto, python3-botocore, python3-boto3, python3-s3transfer, notation, crane,
#   kubectl (stable has only 1.20; the deploy tests read back with a current one)
#   and oras. Stable has no moto (and testing's is too old for the current SDK), and none of the Go tools, so their
#   .deb files are fetched with a PRIVATE apt configuration under .tools/apt (the system's apt state is never
#   touched) and unpacked with `dpkg -x` into .tools/sid. Python then finds moto with
#   PYTHONPATH=.tools/sid/usr/lib/python3/dist-packages and the binaries are in .tools/sid/usr/bin.
#
# No mirror is named here: the private sources list reuses the URIs of the machine's own apt configuration
# (/etc/apt/sources.list.d/*.sources and /etc/apt/sources.list), with the suite replaced by sid.
#
# Environment: DRYDOCK_PEERS_VERBOSE=1 shows apt's output; DRYDOCK_PEERS_REFRESH=1 re-downloads the sid packages.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/.tools"
aptdir="$tools/apt"
sid="$tools/sid"
stamp="$sid/.installed"
python=/usr/bin/python3   # never pyenv's python3: the apt-installed libraries belong to the system interpreter

stable_packages=(
  docker-registry skopeo apache2-utils openssl curl ca-certificates
  # python3-moto 5.2 Depends (minus the sid packages below) and what its server needs (flask-cors) ...
  python3-antlr4 python3-cryptography python3-flask python3-flask-cors python3-requests python3-responses
  python3-werkzeug python3-xmltodict python3-jinja2
  # ... python3-botocore and python3-boto3 Depends ...
  python3-dateutil python3-jmespath python3-urllib3
  # ... and the Recommends that the services the testbed uses import (SSM documents are YAML; EC2 filters).
  python3-yaml python3-pyparsing
)
sid_required=(python3-moto python3-botocore python3-boto3 python3-s3transfer notation crane kubectl)
sid_optional=(oras)

say() { echo "install-peers: $*" >&2; }
die() { say "error: $*"; exit 1; }
quiet() {  # runs a command, showing its output only when it fails (or when verbose)
  if [ "${DRYDOCK_PEERS_VERBOSE:-}" = 1 ]; then "$@"; return; fi
  local log rc=0
  log="$(mktemp)"
  "$@" >"$log" 2>&1 || rc=$?
  if [ "$rc" -ne 0 ]; then cat "$log" >&2; fi
  rm -f "$log"
  return "$rc"
}

# ---------------------------------------------------------------------------------------------------------------
# Fast path: everything installed by an earlier run.
missing_stable() {
  local p status
  for p in "${stable_packages[@]}"; do
    status="$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)"
    [ "$status" = installed ] || echo "$p"
  done
}

sid_ready() {
  [ -f "$stamp" ] && [ "${DRYDOCK_PEERS_REFRESH:-}" != 1 ] || return 1
  local p
  for p in "${sid_required[@]}"; do grep -q "^$p " "$stamp" || return 1; done
  [ -x "$sid/usr/bin/notation" ] && [ -x "$sid/usr/bin/crane" ] && [ -x "$sid/usr/bin/kubectl" ] && [ -d "$sid/usr/lib/python3/dist-packages/moto" ]
}

mapfile -t missing < <(missing_stable)
if [ "${#missing[@]}" -eq 0 ] && sid_ready; then exit 0; fi

# ---------------------------------------------------------------------------------------------------------------
# Stable packages, through the system apt configuration.
service_registry_pids() {  # PIDs of docker-registry running as the package's service (its system config file)
  local d
  for d in /proc/[0-9]*; do
    [ "$(readlink "$d/exe" 2>/dev/null || true)" = /usr/bin/docker-registry ] || continue
    tr '\0' ' ' <"$d/cmdline" 2>/dev/null | grep -qF /etc/docker/registry/config.yml && echo "${d#/proc/}"
  done
  return 0
}

install_stable() {
  local lists_present=0 f
  for f in /var/lib/apt/lists/*_Packages*; do [ -e "$f" ] && lists_present=1 && break; done
  if [ "$lists_present" = 0 ]; then
    say "apt lists are empty: apt-get update"
    quiet apt-get update -q
  fi

  # Package scripts must not start the registry's system service (there is no init system here, and the testbed
  # runs its own instances). policy-rc.d answering 101 tells invoke-rc.d "not allowed"; add one only if none exists.
  local own_policy=0 before after pid
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\n# drydock install-peers.sh: no service starts during package installation\nexit 101\n' \
      >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    own_policy=1
  fi
  before="$(service_registry_pids)"

  say "apt-get install ${missing[*]}"
  local rc=0
  DEBIAN_FRONTEND=noninteractive quiet apt-get install -y -q --no-install-recommends "${missing[@]}" || rc=$?
  if [ "$rc" -ne 0 ]; then
    say "install failed; refreshing the package lists and retrying"
    quiet apt-get update -q
    DEBIAN_FRONTEND=noninteractive quiet apt-get install -y -q --no-install-recommends "${missing[@]}" || rc=$?
    [ "$rc" -eq 0 ] || { [ "$own_policy" = 0 ] || rm -f /usr/sbin/policy-rc.d; die "apt-get install failed"; }
  fi

  [ "$own_policy" = 0 ] || rm -f /usr/sbin/policy-rc.d
  after="$(service_registry_pids)"
  for pid in $after; do
    if ! grep -qx "$pid" <<<"$before"; then
      say "stopping the docker-registry service the package started (pid $pid)"
      kill "$pid" 2>/dev/null || true
    fi
  done
}

if [ "${#missing[@]}" -gt 0 ]; then install_stable; fi
if sid_ready; then exit 0; fi

# ---------------------------------------------------------------------------------------------------------------
# The rolling suite, through a private apt configuration.

# Writes a deb822 sources file for sid using every URI the machine uses for its Debian release itself (the stanza
# or line whose suite is exactly the release codename: not -updates, -security or third-party repositories).
write_sid_sources() {
  local codename out="$1"
  codename="$(. /etc/os-release && echo "${VERSION_CODENAME:-}")"
  [ -n "$codename" ] || die "no VERSION_CODENAME in /etc/os-release"
  # sid is signed with the keys of the coming releases: prefer the full archive keyring over a per-release one.
  local keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  [ -f "$keyring" ] || keyring=
  local files=() f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    case "$(basename "$f")" in *disabled*) continue ;; esac
    files+=("$f")
  done
  {
    # deb822: blank-line separated stanzas; "Key: value", continuation lines start with whitespace.
    [ "${#files[@]}" -eq 0 ] || awk -v codename="$codename" '
      function flush() {
        if (types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " codename " ") && enabled != "no" && uris != "")
          print "URI\t" uris "\t" signed
        types = ""; suites = ""; uris = ""; signed = ""; enabled = ""; key = ""
      }
      /^#/ { next }
      /^[ \t]*$/ { flush(); next }
      /^[ \t]/ { if (key == "uris") uris = uris " " $1; next }   # continuation (multi-line URIs or an inline key)
      {
        key = tolower(substr($0, 1, index($0, ":") - 1)); val = substr($0, index($0, ":") + 1)
        gsub(/^[ \t]+|[ \t]+$/, "", val)
        if (key == "types") types = val; else if (key == "suites") suites = val
        else if (key == "uris") uris = val; else if (key == "enabled") enabled = tolower(val)
        else if (key == "signed-by" && val ~ /^\//) signed = val
      }
      END { flush() }' "${files[@]}"
    # One-line format: deb [options] URI suite components...
    if [ -f /etc/apt/sources.list ]; then
      awk -v codename="$codename" '
        $1 != "deb" { next }
        {
          line = $0; sub(/^deb[ \t]+/, "", line); signed = ""
          if (line ~ /^\[/) {
            opts = substr(line, 2, index(line, "]") - 2); line = substr(line, index(line, "]") + 1)
            if (match(opts, /signed-by=[^ \t]+/)) signed = substr(opts, RSTART + 10, RLENGTH - 10)
          }
          n = split(line, w, /[ \t]+/); i = (w[1] == "" ? 2 : 1)
          if (w[i + 1] == codename) print "URI\t" w[i] "\t" signed
        }' /etc/apt/sources.list
    fi
  } | awk -F'\t' -v keyring="$keyring" '
      { n = split($2, u, " "); for (i = 1; i <= n; i++) if (!(u[i] in seen)) { seen[u[i]] = 1; uris = uris (uris ? " " : "") u[i] }
        if (signed == "" && $3 != "") signed = $3 }
      END {
        if (uris == "") exit 1
        print "Types: deb"; print "URIs: " uris; print "Suites: sid"; print "Components: main"
        print "Signed-By: " (keyring != "" ? keyring : signed)
      }' >"$out" || die "found no Debian archive URI for '$codename' in the machine's apt configuration"
}

mkdir -p "$aptdir/etc/sources.list.d" "$aptdir/etc/preferences.d" "$aptdir/lists/partial" \
  "$aptdir/cache/archives/partial" "$aptdir/debs"
touch "$aptdir/status"   # an empty dpkg status: this configuration knows nothing of the system's packages
write_sid_sources "$aptdir/etc/sources.list.d/sid.sources"

apt_private=(
  -o "Dir::Etc::sourcelist=/dev/null"
  -o "Dir::Etc::sourceparts=$aptdir/etc/sources.list.d"
  -o "Dir::Etc::preferencesparts=$aptdir/etc/preferences.d"
  -o "Dir::State=$aptdir"
  -o "Dir::State::lists=$aptdir/lists"
  -o "Dir::State::status=$aptdir/status"
  -o "Dir::Cache=$aptdir/cache"
  -o "Dir::Cache::archives=$aptdir/cache/archives"
  -o "Dir::Cache::pkgcache=$aptdir/cache/pkgcache.bin"
  -o "Dir::Cache::srcpkgcache="
  -o "APT::Get::List-Cleanup=1"
  -o "Debug::NoLocking=1"   # the private lists and cache have no other user; the system lock is not ours to take
)

sid_update() { say "refreshing the sid package lists (private apt configuration in .tools/apt)"; quiet apt-get "${apt_private[@]}" update -q; }
sid_candidate() { apt-cache "${apt_private[@]}" show --no-all-versions "$1" 2>/dev/null | awk '/^Version:/ { print $2; exit }'; }

lists_present=0
for f in "$aptdir/lists"/*_Packages*; do [ -e "$f" ] && lists_present=1 && break; done
if [ "$lists_present" = 0 ] || [ "${DRYDOCK_PEERS_REFRESH:-}" = 1 ]; then sid_update; fi

download_sid() {  # downloads the .deb files of the given packages into .tools/apt/debs
  (cd "$aptdir/debs" && quiet apt-get "${apt_private[@]}" download -q "$@")
}

wanted=()
for p in "${sid_required[@]}" "${sid_optional[@]}"; do
  if [ -z "$(sid_candidate "$p")" ]; then
    case " ${sid_optional[*]} " in
      *" $p "*) say "note: the rolling suite has no package '$p'; skipping it" ;;
      *) sid_update; [ -n "$(sid_candidate "$p")" ] || die "the rolling suite has no package '$p'" ;;
    esac
    [ -z "$(sid_candidate "$p")" ] && continue
  fi
  wanted+=("$p")
done

rm -f "$aptdir/debs"/*.deb
if ! download_sid "${wanted[@]}"; then
  # A superseded version disappears from the mirror: refresh the lists once and try again.
  sid_update
  rm -f "$aptdir/debs"/*.deb
  download_sid "${wanted[@]}" || die "apt-get download from the rolling suite failed"
fi

# Unpack into a staging tree and verify there, so a failed refresh leaves the working peers alone.
staging="$tools/sid.new"
rm -rf "$staging"
mkdir -p "$staging"
: >"$tools/sid.installed.tmp"
for deb in "$aptdir/debs"/*.deb; do
  dpkg-deb -x "$deb" "$staging"
  printf '%s %s\n' "$(dpkg-deb -f "$deb" Package)" "$(dpkg-deb -f "$deb" Version)" >>"$tools/sid.installed.tmp"
done

# Verify: moto's server imports with the system interpreter and the binaries run.
PYTHONPATH="$staging/usr/lib/python3/dist-packages" "$python" -c 'import moto.server, boto3, botocore' \
  || die "moto does not import with $python and PYTHONPATH=.tools/sid/usr/lib/python3/dist-packages"
"$staging/usr/bin/notation" version >/dev/null || die "notation does not run"
"$staging/usr/bin/crane" version >/dev/null || die "crane does not run"
"$staging/usr/bin/kubectl" version --client >/dev/null || die "kubectl does not run"
rm -f "$aptdir/debs"/*.deb

# Move it into .tools/sid, which other tools may share: remove only the files
# this script unpacked last time (listed in .install-peers.files), so a version change leaves nothing stale behind
# and nobody else's files go.
files="$sid/.install-peers.files"
mkdir -p "$sid"
if [ -f "$files" ]; then
  (cd "$sid" && tr '\n' '\0' <"$files" | xargs -0 -r rm -f --)
fi
(cd "$staging" && find . -mindepth 1 ! -type d -printf '%P\n') >"$tools/sid.files.tmp"
cp -a --link --remove-destination "$staging/." "$sid/"
mv "$tools/sid.files.tmp" "$files"
mv "$tools/sid.installed.tmp" "$stamp"
rm -rf "$staging"
find "$sid" -mindepth 1 -type d -empty -delete
say "rolling-suite peers in .tools/sid: $(awk '{ printf "%s%s=%s", (NR > 1 ? ", " : ""), $1, $2 }' "$stamp")"
