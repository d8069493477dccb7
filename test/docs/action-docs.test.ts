import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, loadActions } from '../templates/support/actions.js';

const SCRIPT = path.join(ROOT, 'scripts/action-docs.mjs');
const FIXTURES = path.join(ROOT, 'test/fixtures/docs');

function runDocs(...args: string[]) {
  const result = spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('actions/<action>/README.md', () => {
  test('the generated tables and policies match action.yml and action-templates/iam (run `node scripts/action-docs.mjs` to fix)', () => {
    const result = runDocs('--check');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  test.each(loadActions().map((action) => [action.name]))('%s has a README with the generated sections and the hand-written ones', (name) => {
    const file = path.join(ROOT, 'actions', name, 'README.md');
    expect(existsSync(file)).toBe(true);
    const text = readFileSync(file, 'utf8');
    for (const section of ['inputs', 'outputs', 'iam']) {
      expect(text).toContain(`<!-- action-docs:${section} -->`);
      expect(text).toContain(`<!-- /action-docs:${section} -->`);
    }
    for (const heading of ['## Usage', '## Inputs', '## Outputs', '## IAM policy', '## When it fails']) expect(text).toContain(`\n${heading}\n`);
    // Examples use the published reference form, never a path into the caller's repository.
    expect(text).not.toMatch(/uses: \.\/actions\//);
  });
});

describe('scripts/action-docs.mjs', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'drydock-docs-'));
    cpSync(path.join(FIXTURES, 'actions'), path.join(root, 'actions'), { recursive: true });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const readme = () => readFileSync(path.join(root, 'actions/sample/README.md'), 'utf8');

  test('--check reports a drifted README, changes nothing and exits 1', () => {
    const before = readme();
    const result = runDocs('--check', '--root', root);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('Out of date (run: node scripts/action-docs.mjs): actions/sample/README.md\n');
    expect(readme()).toBe(before);
  });

  test('rewrites only the marked sections, after which --check passes', () => {
    expect(runDocs('--root', root)).toMatchObject({ status: 0, stdout: 'Updated actions/sample/README.md\n' });
    expect(readme()).toBe(readFileSync(path.join(FIXTURES, 'expected-README.md'), 'utf8'));
    expect(runDocs('--check', '--root', root)).toMatchObject({ status: 0, stdout: 'Action READMEs are up to date.\n' });
  });

  test('embeds the action IAM policy when action-templates/iam/<action>.json exists', () => {
    mkdirSync(path.join(root, 'action-templates/iam'), { recursive: true });
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['ecr:GetAuthorizationToken'], Resource: '*' }] };
    writeFileSync(path.join(root, 'action-templates/iam/sample.json'), JSON.stringify(policy));
    runDocs('--root', root);
    expect(readme()).toContain(
      `<!-- action-docs:iam -->\nFrom [\`action-templates/iam/sample.json\`](../../action-templates/iam/sample.json):\n\n\`\`\`json\n${JSON.stringify(policy, null, 2)}\n\`\`\`\n<!-- /action-docs:iam -->`,
    );
  });

  test('a start marker without its end marker is an error naming it', () => {
    writeFileSync(path.join(root, 'actions/sample/README.md'), '# sample\n<!-- action-docs:outputs -->\n');
    const result = runDocs('--check', '--root', root);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('action-docs: actions/sample/README.md: <!-- action-docs:outputs --> has no closing <!-- /action-docs:outputs -->\n');
  });
});
