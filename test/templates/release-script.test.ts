import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from './support/actions.js';

// scripts/release.sh against a throwaway repository holding this tree's actions/: every check refuses with its
// message, a release tags vX.Y.Z and moves vX, the tagged commit's composites call the actions of that very tag, and
// the checkout it ran from is left as it was. The bundle step is replaced through DRYDOCK_BUNDLE (no ncc here).

const SCRIPT = path.join(ROOT, 'scripts/release.sh');

function git(repo: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();
}

function release(repo: string, args: string[], bundle = 'true') {
  const result = spawnSync('bash', [SCRIPT, ...args], { cwd: repo, encoding: 'utf8', env: { ...process.env, DRYDOCK_BUNDLE: bundle } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function repository(version = '0.1.0', changelog = `# Changelog\n\n## [${version}] - 2026-11-25\n\n- first\n`): string {
  const repo = mkdtempSync(path.join(tmpdir(), 'drydock-release-'));
  cpSync(path.join(ROOT, 'actions'), path.join(repo, 'actions'), { recursive: true });
  writeFileSync(path.join(repo, 'package.json'), JSON.stringify({ name: 'drydock', version }));
  writeFileSync(path.join(repo, 'CHANGELOG.md'), changelog);
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'config', 'user.email', 'release-test@drydock.invalid');
  git(repo, 'config', 'user.name', 'release test');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'initial');
  return repo;
}

function bump(repo: string, version: string): void {
  writeFileSync(path.join(repo, 'package.json'), JSON.stringify({ name: 'drydock', version }));
  writeFileSync(path.join(repo, 'CHANGELOG.md'), `${readFileSync(path.join(repo, 'CHANGELOG.md'), 'utf8')}\n## [${version}] - 2026-12-01\n\n- more\n`);
  git(repo, 'commit', '-q', '-am', `version ${version}`);
}

const repos: string[] = [];
const fresh = (...args: Parameters<typeof repository>) => {
  const repo = repository(...args);
  repos.push(repo);
  return repo;
};
afterAll(() => repos.forEach((repo) => rmSync(repo, { recursive: true, force: true })));

describe('scripts/release.sh', () => {
  test('tags vX.Y.Z and moves vX; the tagged composites call the actions of that tag; the checkout is untouched', () => {
    const repo = fresh();
    const head = git(repo, 'rev-parse', 'HEAD');
    const result = release(repo, ['0.1.0']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('moved v0 to v0.1.0');
    expect(result.stdout).toContain('to publish: git push origin refs/tags/v0.1.0 && git push --force origin refs/tags/v0');

    expect(git(repo, 'rev-parse', 'v0^{commit}')).toBe(git(repo, 'rev-parse', 'v0.1.0^{commit}'));
    expect(git(repo, 'rev-parse', 'v0.1.0^{commit}^')).toBe(head);
    for (const composite of ['secure-release', 'harden-and-rollout']) {
      const released = git(repo, 'show', `v0.1.0:actions/${composite}/action.yml`);
      expect(released).not.toMatch(/uses: .*@main/);
      expect(released.match(/uses: drydock\/drydock\/actions\/[a-z-]+@v0\.1\.0$/gm)?.length).toBeGreaterThan(1);
    }
    // Only the composites change in the release commit.
    expect(git(repo, 'diff', '--name-only', head, 'v0.1.0').split('\n').sort()).toEqual(['actions/harden-and-rollout/action.yml', 'actions/secure-release/action.yml']);
    expect(git(repo, 'rev-parse', 'HEAD')).toBe(head);
    expect(git(repo, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
    expect(git(repo, 'status', '--porcelain')).toBe('');
    expect(git(repo, 'worktree', 'list').split('\n')).toHaveLength(1);
  });

  test('--dry-run checks and tells, and changes nothing', () => {
    const repo = fresh();
    const result = release(repo, ['--dry-run', '0.1.0'], 'echo must not run >&2; exit 1');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('release v0.1.0 (dry run; nothing changes):');
    expect(result.stdout).toContain('would rewrite drydock/drydock/actions/*@main to @v0.1.0 in actions/secure-release/action.yml');
    expect(result.stdout).toContain('would move v0 to v0.1.0');
    expect(git(repo, 'tag')).toBe('');
  });

  test('a later release moves vX forward; a patch of an older line does not move it back', () => {
    const repo = fresh();
    expect(release(repo, ['0.1.0']).status).toBe(0);
    bump(repo, '0.2.0');
    expect(release(repo, ['0.2.0']).status).toBe(0);
    expect(git(repo, 'rev-parse', 'v0^{commit}')).toBe(git(repo, 'rev-parse', 'v0.2.0^{commit}'));
    bump(repo, '0.1.1');
    const patch = release(repo, ['0.1.1']);
    expect(patch.status).toBe(0);
    expect(patch.stdout).toContain('left v0 at v0.2.0, which is newer than v0.1.1');
    expect(git(repo, 'rev-parse', 'v0^{commit}')).toBe(git(repo, 'rev-parse', 'v0.2.0^{commit}'));
  });

  test('--push publishes both tags to origin; a release made from another clone is seen there, so vX never moves back', () => {
    const origin = mkdtempSync(path.join(tmpdir(), 'drydock-release-origin-'));
    repos.push(origin);
    git(origin, 'init', '-q', '--bare', '-b', 'main');
    const first = fresh();
    git(first, 'remote', 'add', 'origin', origin);
    git(first, 'push', '-q', 'origin', 'main');
    const second = mkdtempSync(path.join(tmpdir(), 'drydock-release-clone-'));
    repos.push(second);
    git(second, 'clone', '-q', origin, '.');
    git(second, 'config', 'user.email', 'release-test@drydock.invalid');
    git(second, 'config', 'user.name', 'release test');

    const published = release(first, ['--push', '0.1.0']);
    expect(published.status).toBe(0);
    expect(git(origin, 'rev-parse', 'v0^{commit}')).toBe(git(first, 'rev-parse', 'v0.1.0^{commit}'));
    expect(git(origin, 'cat-file', '-t', 'v0.1.0')).toBe('tag');
    bump(first, '0.2.0');
    expect(release(first, ['--push', '0.2.0']).status).toBe(0);
    expect(git(origin, 'rev-parse', 'v0^{commit}')).toBe(git(first, 'rev-parse', 'v0.2.0^{commit}'));

    // The second clone never fetched: it has neither tag until the release script fetches them.
    expect(git(second, 'tag')).toBe('');
    expect(release(second, ['0.1.0'])).toEqual({ status: 1, stdout: '', stderr: 'release: tag v0.1.0 exists already. Choose the next version.\n' });
    bump(second, '0.1.1');
    const patch = release(second, ['--push', '0.1.1']);
    expect(patch.status).toBe(0);
    expect(patch.stdout).toContain('left v0 at v0.2.0, which is newer than v0.1.1');
    expect(git(origin, 'rev-parse', 'v0^{commit}')).toBe(git(first, 'rev-parse', 'v0.2.0^{commit}'));
    expect(git(origin, 'rev-parse', 'v0.1.1^{commit}^')).toBe(git(second, 'rev-parse', 'HEAD'));
  });

  test('refuses --push without an origin, and a release whose origin cannot be fetched', () => {
    const repo = fresh();
    expect(release(repo, ['--push', '0.1.0'])).toEqual({
      status: 1,
      stdout: '',
      stderr: 'release: --push needs a remote named origin; add it (git remote add origin <url>), or release without --push.\n',
    });
    git(repo, 'remote', 'add', 'origin', path.join(repo, 'no-such-origin'));
    const result = release(repo, ['0.1.0']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^release: could not fetch the tags of origin, which the checks need:\n.*no-such-origin/);
    expect(git(repo, 'tag')).toBe('');
  });

  test.each([
    ['a version that is not X.Y.Z', ['v1.0.0'], (_repo: string) => undefined, "release: 'v1.0.0' is not a version X.Y.Z (no 'v', no suffix).\n"],
    [
      'a version package.json does not have',
      ['0.2.0'],
      (_repo: string) => undefined,
      'release: package.json says 0.1.0, not 0.2.0. Set "version": "0.2.0" in package.json (and src/core/version.ts), commit, and run again.\n',
    ],
    [
      'no CHANGELOG section',
      ['0.1.0'],
      (repo: string) => {
        writeFileSync(path.join(repo, 'CHANGELOG.md'), '# Changelog\n');
        git(repo, 'commit', '-q', '-am', 'no section');
      },
      "release: CHANGELOG.md has no '## [0.1.0]' section. Describe the release there, commit, and run again.\n",
    ],
    ['a tag that exists', ['0.1.0'], (repo: string) => git(repo, 'tag', 'v0.1.0'), 'release: tag v0.1.0 exists already. Choose the next version.\n'],
    [
      'a dirty tree',
      ['0.1.0'],
      (repo: string) => writeFileSync(path.join(repo, 'notes.txt'), 'wip'),
      'release: the working tree is not clean; commit or remove these first:\n?? notes.txt\n',
    ],
  ])('refuses %s', (_title, args, prepare, message) => {
    const repo = fresh();
    prepare(repo);
    const result = release(repo, args);
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 1, stderr: message });
  });

  test('refuses to tag when the bundle differs from the committed dist/', () => {
    const repo = fresh();
    const result = release(repo, ['0.1.0'], 'mkdir -p dist/push-ecr && echo rebuilt > dist/push-ecr/index.js');
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'release: bundling changed the tree, so the committed dist/ is not the bundle of the committed source. Commit the rebuilt bundles and run again:\n?? dist/\n',
    );
    expect(git(repo, 'tag')).toBe('');
  });
});
