#!/usr/bin/env bash
# Releases drydock X.Y.Z: checks, bundles, tags vX.Y.Z and moves the major tag vX.
#
#   bash scripts/release.sh [--dry-run] [--push] X.Y.Z
#
# 1. Checks, after fetching origin's tags (where there is an origin): X.Y.Z is package.json's version, CHANGELOG.md
#    has a "## [X.Y.Z]" section, the tag does not exist yet, here or on origin, and the working tree is clean (nothing
#    uncommitted, nothing untracked).
# 2. Bundles (npm run bundle) and checks the tree is still clean: the committed dist/ must be the bundle of the
#    committed source, since actions run dist/.
# 3. Makes the release commit in a temporary worktree (your checkout and branch are not touched): the composite
#    actions' steps name drydock/drydock/actions/<name>@main, and a composite must run the JavaScript actions of its
#    own release, so every such reference becomes @vX.Y.Z in that commit. Tags it vX.Y.Z (annotated) and points vX
#    at it, unless vX already points at a newer release (a patch of an older line does not move it).
# 4. With --push, pushes both tags to origin (vX with --force, since it moves); otherwise prints the commands.
#
# --dry-run runs the checks of step 1 and prints what steps 2 to 4 would do, changing nothing.
# DRYDOCK_BUNDLE overrides the bundle command (the tests use it; default: Node 24 and node scripts/bundle.mjs).
set -euo pipefail

usage() { echo "usage: bash scripts/release.sh [--dry-run] [--push] X.Y.Z" >&2; exit 2; }
fail() { echo "release: $*" >&2; exit 1; }

dry_run=0
push=0
version=""
for arg in "$@"; do
  case "$arg" in
    --dry-run) dry_run=1 ;;
    --push) push=1 ;;
    -*) usage ;;
    *) [ -z "$version" ] || usage; version="$arg" ;;
  esac
done
[ -n "$version" ] || usage
[[ "$version" =~ ^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$ ]] || fail "'$version' is not a version X.Y.Z (no 'v', no suffix)."
major="v${BASH_REMATCH[1]}"
tag="v$version"

root="$(git rev-parse --show-toplevel 2>/dev/null)" || fail "not inside a git repository."
cd "$root"

# The tags of origin first, where there is one: a release made from another clone is only there, and both the "tag
# exists" check and where vX may move depend on it (without it, vX could be moved back and force-pushed).
if git remote get-url origin >/dev/null 2>&1; then
  fetched="$(git fetch --quiet --tags --force origin 2>&1)" || fail "could not fetch the tags of origin, which the checks need:
$fetched"
elif [ "$push" -eq 1 ]; then
  fail "--push needs a remote named origin; add it (git remote add origin <url>), or release without --push."
fi

# 1. Checks.
package_version="$(node -p "require('./package.json').version")"
[ "$package_version" = "$version" ] || fail "package.json says $package_version, not $version. Set \"version\": \"$version\" in package.json (and src/core/version.ts), commit, and run again."
grep -Eq "^## \[$(printf '%s' "$version" | sed 's/\./\\./g')\]" CHANGELOG.md 2>/dev/null \
  || fail "CHANGELOG.md has no '## [$version]' section. Describe the release there, commit, and run again."
if git rev-parse -q --verify "refs/tags/$tag" >/dev/null; then fail "tag $tag exists already. Choose the next version."; fi
dirty="$(git status --porcelain)"
[ -z "$dirty" ] || fail "the working tree is not clean; commit or remove these first:
$dirty"

composites="$(grep -l 'drydock/drydock/actions/[a-z0-9-]*@main' actions/*/action.yml 2>/dev/null || true)"

# The newest existing release of this major line: vX moves only forward.
newest="$(git tag -l "$major.*" | grep -E "^$major\.[0-9]+\.[0-9]+$" | sort -V | tail -n 1 || true)"
move_major=1
if [ -n "$newest" ] && [ "$(printf '%s\n%s\n' "$newest" "$tag" | sort -V | tail -n 1)" != "$tag" ]; then move_major=0; fi

if [ "$dry_run" -eq 1 ]; then
  echo "release $tag (dry run; nothing changes):"
  echo "  checks passed: package.json $version, CHANGELOG.md section, tag $tag is new, working tree clean"
  echo "  would bundle (${DRYDOCK_BUNDLE:-node scripts/bundle.mjs}) and require dist/ to be unchanged"
  for file in $composites; do echo "  would rewrite drydock/drydock/actions/*@main to @$tag in $file"; done
  echo "  would tag $tag at the release commit (parent $(git rev-parse --short HEAD))"
  if [ "$move_major" -eq 1 ]; then echo "  would move $major to $tag"; else echo "  would leave $major at $newest, which is newer"; fi
  [ "$push" -eq 1 ] && echo "  would push $tag and $major to origin"
  exit 0
fi

# 2. Bundle, and require the committed dist/ to be what the source builds.
if [ -n "${DRYDOCK_BUNDLE:-}" ]; then
  bash -c "$DRYDOCK_BUNDLE"
else
  # shellcheck source=scripts/node-env.sh
  source scripts/node-env.sh
  node scripts/bundle.mjs
fi
stale="$(git status --porcelain)"
[ -z "$stale" ] || fail "bundling changed the tree, so the committed dist/ is not the bundle of the committed source. Commit the rebuilt bundles and run again:
$stale"

# 3. The release commit, in a worktree of its own.
worktree="$(mktemp -d "${TMPDIR:-/tmp}/drydock-release-XXXXXX")"
cleanup() { git worktree remove --force "$worktree" >/dev/null 2>&1 || rm -rf "$worktree"; }
trap cleanup EXIT
git worktree add --quiet --detach "$worktree" HEAD
for file in $composites; do
  sed -i -E "s#(drydock/drydock/actions/[a-z0-9-]+)@main#\1@$tag#g" "$worktree/$file"
done
if [ -n "$composites" ]; then
  git -C "$worktree" add -- $composites
  git -C "$worktree" commit --quiet -m "release $tag: composite actions call the actions of $tag"
fi
release_commit="$(git -C "$worktree" rev-parse HEAD)"
git tag -a "$tag" -m "drydock $tag" "$release_commit"
echo "tagged $tag at $(git rev-parse --short "$release_commit")"
if [ "$move_major" -eq 1 ]; then
  git tag -f "$major" "$release_commit" >/dev/null
  echo "moved $major to $tag"
else
  echo "left $major at $newest, which is newer than $tag"
fi

# 4. Publish.
if [ "$push" -eq 1 ]; then
  git push origin "refs/tags/$tag"
  [ "$move_major" -eq 0 ] || git push --force origin "refs/tags/$major"
else
  echo "to publish: git push origin refs/tags/$tag$([ "$move_major" -eq 1 ] && echo " && git push --force origin refs/tags/$major")"
fi
