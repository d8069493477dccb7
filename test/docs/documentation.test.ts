import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ROOT, loadActions } from '../templates/support/actions.js';
import { stepProblems, type WorkflowStep } from '../templates/support/steps.js';

// The user documentation: every relative link points at a file of this tree, and every workflow snippet that uses
// drydock names real actions with real inputs and outputs, so a copied example works.

const actions = new Map(loadActions().map((action) => [action.name, action]));
const major = `v${(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version.split('.')[0]}`;

const documents = [
  'CHANGELOG.md',
  'docs/migration.md',
  'README.md',
  'action-templates/README.md',
  ...loadActions().map((action) => `actions/${action.name}/README.md`),
].filter((file) => existsSync(path.join(ROOT, file)));

/** Every document links from its own folder (README.md from the root). */
const linkBase = (file: string) => path.dirname(path.join(ROOT, file));

test('the documents are there', () => {
  expect(documents).toEqual(expect.arrayContaining(['README.md', 'CHANGELOG.md', 'docs/migration.md', 'action-templates/README.md']));
});

describe.each(documents.map((file) => [file]))('%s', (file) => {
  const text = readFileSync(path.join(ROOT, file), 'utf8');

  test('every relative link resolves to a file or folder of this tree', () => {
    const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]!).filter((link) => !/^(https?:|mailto:|#)/.test(link));
    const broken = links.filter((link) => !existsSync(path.resolve(linkBase(file), link.split('#')[0]!)));
    expect(broken).toEqual([]);
  });

  test('every YAML example that uses drydock resolves, with declared and required inputs and declared outputs', () => {
    const blocks = [...text.matchAll(/```ya?ml\n([\s\S]*?)```/g)].map((match) => match[1]!);
    const problems: string[] = [];
    for (const block of blocks) {
      if (!block.includes('drydock/drydock/actions/')) continue;
      const parsed = parseYaml(block) as unknown;
      const stepLists: WorkflowStep[][] = [];
      const collect = (value: unknown): void => {
        if (Array.isArray(value)) {
          if (value.some((item) => item && typeof item === 'object' && ('uses' in item || 'run' in item))) stepLists.push(value as WorkflowStep[]);
          else value.forEach(collect);
        } else if (value && typeof value === 'object') Object.values(value).forEach(collect);
      };
      collect(parsed);
      // A snippet may continue steps defined elsewhere (`steps.build` of an earlier example): only drydock's own
      // references are judged, and outputs only of steps the snippet shows.
      for (const steps of stepLists) problems.push(...stepProblems(steps, actions, major).filter((problem) => !problem.includes('no earlier step has id')));
    }
    expect(problems).toEqual([]);
  });
});

test('the migration guide covers the three write-ups', () => {
  const text = readFileSync(path.join(ROOT, 'docs/migration.md'), 'utf8');
  expect(text).toContain('## 1. Signing with notation and the AWS Signer plugin in CodeBuild');
  expect(text).toContain('## 2. The CloudFormation pipeline for hardening EKS nodes and updating node groups');
  expect(text).toContain('## 3. The CodeCatalyst workflow that pushes to ECR and deploys to AKS');
});

test('the CHANGELOG has a section for the version in package.json (scripts/release.sh requires it)', () => {
  const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  expect(readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8')).toMatch(new RegExp(`^## \\[${version.replace(/\./g, '\\.')}\\]`, 'm'));
});

test('no document points users at a path into their own repository for drydock actions', () => {
  for (const file of documents) expect({ file, local: /uses: \.\/actions\//.test(readFileSync(path.join(ROOT, file), 'utf8')) }).toEqual({ file, local: false });
  expect(readdirSync(path.join(ROOT, 'docs')).sort()).toEqual(['migration.md']);
});
