#!/usr/bin/env bash
# Installs kubectl, the second, independent Kubernetes client that the deploy tests point at the in-repo fake API
# server (test/support/fake-kube-apiserver.ts) to read back what drydock applied.
#
# Debian stable's kubernetes-client is 1.20 (2021), too old to stand for the clients people run today; the rolling
# suite has a current one (package kubectl). Its .deb is fetched with a PRIVATE apt configuration under
# .tools/apt-kubectl (the system's apt state is never touched) and unpacked with `dpkg -x` into .tools/sid, next to
# the other rolling-suite peers, so the binary ends up at .tools/sid/usr/bin/kubectl.
#
# No mirror is named here: the private sources list reuses the URIs of the machine's own apt configuration for its
# Debian release, with the suite replaced by sid. Idempotent; a no-op once kubectl runs.
#
# Note: scripts/install-peers.sh replaces .tools/sid wholesale when it refreshes its own peers; run this script again
# afterwards (or list kubectl among install-peers.sh's rolling-suite packages).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
aptdir="$root/.tools/apt-kubectl"
sid="$root/.tools/sid"
kubectl="$sid/usr/bin/kubectl"

say() { echo "install-kubectl: $*" >&2; }
die() { say "error: $*"; exit 1; }

if [ -x "$kubectl" ] && "$kubectl" version --client >/dev/null 2>&1 && [ "${DRYDOCK_PEERS_REFRESH:-}" != 1 ]; then exit 0; fi

codename="$(. /etc/os-release && echo "${VERSION_CODENAME:-}")"
[ -n "$codename" ] || die "no VERSION_CODENAME in /etc/os-release"

# The URIs of every enabled deb822 stanza whose suites include the release codename itself.
uris="$(
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk -v codename="$codename" '
      function flush() {
        if (types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " codename " ") && enabled != "no") print uris
        types = ""; suites = ""; uris = ""; enabled = ""
      }
      /^#/ { next }
      /^[ \t]*$/ { flush(); next }
      /^[ \t]/ { next }
      {
        key = tolower(substr($0, 1, index($0, ":") - 1)); val = substr($0, index($0, ":") + 1)
        gsub(/^[ \t]+|[ \t]+$/, "", val)
        if (key == "types") types = val; else if (key == "suites") suites = val
        else if (key == "uris") uris = val; else if (key == "enabled") enabled = tolower(val)
      }
      END { flush() }' "$f"
  done
  if [ -f /etc/apt/sources.list ]; then
    awk -v codename="$codename" '$1 == "deb" { sub(/^deb[ \t]+(\[[^]]*\][ \t]+)?/, ""); if ($2 == codename) print $1 }' /etc/apt/sources.list
  fi
)"
uris="$(echo "$uris" | tr ' ' '\n' | awk 'NF && !seen[$0]++' | paste -sd' ')"
[ -n "$uris" ] || die "found no Debian archive URI for '$codename' in the machine's apt configuration"

mkdir -p "$aptdir/etc/sources.list.d" "$aptdir/etc/preferences.d" "$aptdir/lists/partial" "$aptdir/cache/archives/partial" "$aptdir/debs"
touch "$aptdir/status"
printf 'Types: deb\nURIs: %s\nSuites: sid\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$uris" \
  >"$aptdir/etc/sources.list.d/sid.sources"

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
  -o "Dir::Cache::srcpkgcache=$aptdir/cache/srcpkgcache.bin"
  -o "Debug::NoLocking=1"
)

say "refreshing the sid package lists (private apt configuration in .tools/apt-kubectl)"
apt-get "${apt_private[@]}" update -q >/dev/null
rm -f "$aptdir/debs"/*.deb
(cd "$aptdir/debs" && apt-get "${apt_private[@]}" download -q kubectl >/dev/null) || die "apt-get download kubectl from the rolling suite failed"

mkdir -p "$sid"
for deb in "$aptdir/debs"/*.deb; do
  dpkg-deb -x "$deb" "$sid"
  printf '%s %s\n' "$(dpkg-deb -f "$deb" Package)" "$(dpkg-deb -f "$deb" Version)" >"$sid/.kubectl-installed"
done
"$kubectl" version --client >/dev/null || die "kubectl does not run"
say "kubectl $(cut -d' ' -f2 "$sid/.kubectl-installed") in .tools/sid/usr/bin"
