/**
 * A pinned version of a Git repository: a release tag or a full commit. Branch names move, so the component fetches
 * tags as `refs/tags/<name>` (a branch of the same name does not match) and checks a commit's id after checkout.
 */
export type PinnedRef = { readonly kind: 'tag'; readonly name: string } | { readonly kind: 'commit'; readonly sha: string };

const COMMIT = /^[0-9a-f]{40}$/;
const SHORT_COMMIT = /^[0-9a-f]{7,39}$/;
// git check-ref-format, narrowed to what release tags look like; no spaces, quotes or shell characters.
const TAG = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,99}$/;
/** Names that are branches in every Ansible Lockdown repository, never release tags. */
const MOVING = new Set(['main', 'master', 'devel', 'head', 'latest']);

/** Parses a pinned ref, or returns the problem with the text. */
export function parsePinnedRef(text: string): PinnedRef | { problem: string } {
  if (COMMIT.test(text)) return { kind: 'commit', sha: text };
  if (SHORT_COMMIT.test(text) && /\d/.test(text) && /[a-f]/.test(text)) {
    return { problem: 'looks like an abbreviated commit' };
  }
  if (MOVING.has(text.toLowerCase()) || /^benchmark[-_]/i.test(text)) return { problem: 'is a branch, which moves' };
  if (!TAG.test(text) || text.endsWith('.lock') || text.includes('..')) return { problem: 'is not a valid tag name' };
  return { kind: 'tag', name: text };
}

export function describePinnedRef(ref: PinnedRef): string {
  return ref.kind === 'tag' ? ref.name : ref.sha;
}
