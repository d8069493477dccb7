import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ROOT, loadActions } from './support/actions.js';
import { expressionsIn, referencesIn, stringsIn } from './support/expressions.js';
import { stepProblems, type WorkflowStep } from './support/steps.js';

// The GitHub workflow templates in action-templates/ (the organisation workflow-templates format: <name>.yml with
// <name>.properties.json). What a user copies must work as copied: every drydock reference resolves, gets only inputs
// the action declares and all it requires, every output read exists, and every job has the permissions it needs for
// OIDC and no more.

const TEMPLATES = path.join(ROOT, 'action-templates');
const actions = new Map(loadActions().map((action) => [action.name, action]));
const major = `v${(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version.split('.')[0]}`;
const templates = readdirSync(TEMPLATES).filter((file) => file.endsWith('.yml')).map((file) => file.slice(0, -'.yml'.length)).sort();

interface Job {
  readonly needs?: string | string[];
  readonly if?: string;
  readonly permissions?: Record<string, string> | string;
  readonly outputs?: Record<string, string>;
  readonly steps?: WorkflowStep[];
}
interface Workflow {
  readonly name?: string;
  readonly on?: Record<string, { inputs?: Record<string, unknown> } | null>;
  readonly permissions?: Record<string, string> | string;
  readonly jobs?: Record<string, Job>;
}

const load = (name: string) => parseYaml(readFileSync(path.join(TEMPLATES, `${name}.yml`), 'utf8')) as Workflow;
const needsOf = (job: Job): string[] => ([] as string[]).concat(job.needs ?? []);

/** A job that federates with OIDC: to AWS through configure-aws-credentials, to Azure through deploy-aks-or-eks's client-id. */
const usesOidc = (job: Job) =>
  (job.steps ?? []).some(
    (step) =>
      (step.uses?.startsWith('aws-actions/configure-aws-credentials@') && step.with?.['role-to-assume'] !== undefined) ||
      (step.uses?.startsWith('drydock/drydock/actions/deploy-aks-or-eks@') && step.with?.['client-id'] !== undefined),
  );
const checksOut = (job: Job) => (job.steps ?? []).some((step) => step.uses?.startsWith('actions/checkout@'));

test('the four templates are there, each with its properties file', () => {
  expect(templates).toEqual(['deploy-multicloud', 'harden-nodes-weekly', 'refresh-ecr-pull-secret', 'secure-release']);
  const properties = readdirSync(TEMPLATES).filter((file) => file.endsWith('.properties.json')).map((file) => file.slice(0, -'.properties.json'.length)).sort();
  expect(properties).toEqual(templates);
});

describe.each(templates.map((name) => [name]))('action-templates/%s.yml', (name) => {
  const workflow = load(name);
  const jobs = Object.entries(workflow.jobs ?? {});

  test('parses as a workflow with a name, triggers and jobs of steps', () => {
    expect(typeof workflow.name).toBe('string');
    expect(workflow.on && Object.keys(workflow.on).length).toBeGreaterThan(0);
    expect(jobs.length).toBeGreaterThan(0);
    for (const [, job] of jobs) expect((job.steps ?? []).length).toBeGreaterThan(0);
  });

  test('has properties for the template chooser', () => {
    const file = path.join(TEMPLATES, `${name}.properties.json`);
    expect(existsSync(file)).toBe(true);
    const properties = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(typeof properties['name']).toBe('string');
    expect(typeof properties['description']).toBe('string');
    expect(Array.isArray(properties['categories']) && (properties['categories'] as unknown[]).length > 0).toBe(true);
  });

  test('grants nothing by default, and each job exactly what it uses: id-token for OIDC, contents to check out', () => {
    expect(workflow.permissions).toEqual({});
    for (const [jobName, job] of jobs) {
      const wanted: Record<string, string> = {};
      if (checksOut(job)) wanted['contents'] = 'read';
      if (usesOidc(job)) wanted['id-token'] = 'write';
      expect({ job: jobName, permissions: job.permissions }).toEqual({ job: jobName, permissions: wanted });
    }
  });

  test(`every drydock step resolves to an action of this tree at ${major}, with declared and required inputs, and reads declared outputs`, () => {
    const problems = jobs.flatMap(([jobName, job]) => stepProblems(job.steps ?? [], actions, major).map((problem) => `job ${jobName}: ${problem}`));
    expect(problems).toEqual([]);
    expect(jobs.some(([, job]) => (job.steps ?? []).some((step) => step.uses?.startsWith('drydock/drydock/actions/')))).toBe(true);
  });

  test('job outputs and needs.<job>.outputs read what the jobs declare; inputs.<name> reads a declared workflow input', () => {
    const declaredInputs = Object.values(workflow.on ?? {}).flatMap((trigger) => Object.keys(trigger?.inputs ?? {}));
    for (const [jobName, job] of jobs) {
      const ids = new Set((job.steps ?? []).map((step) => step.id));
      for (const [output, value] of Object.entries(job.outputs ?? {})) {
        for (const { step } of referencesIn(expressionsIn(value)).stepOutputs) expect({ job: jobName, output, step, exists: ids.has(step) }).toEqual({ job: jobName, output, step, exists: true });
      }
      const texts = [...stringsIn(job.steps ?? []), ...(job.if ? [job.if] : [])];
      const references = referencesIn(texts.flatMap((text) => expressionsIn(text, text === job.if)));
      for (const { job: needed, output } of references.jobOutputs) {
        expect({ job: jobName, needs: needed, listed: needsOf(job).includes(needed) }).toEqual({ job: jobName, needs: needed, listed: true });
        expect({ job: jobName, reads: `${needed}.${output}`, declared: output in (workflow.jobs?.[needed]?.outputs ?? {}) }).toEqual({ job: jobName, reads: `${needed}.${output}`, declared: true });
      }
      for (const input of references.inputs) expect({ job: jobName, input, declared: declaredInputs.includes(input) }).toEqual({ job: jobName, input, declared: true });
    }
  });

  test('push-ecr tags are valid image tags on every branch the workflow can run on', () => {
    // A branch or ref name can hold "/", which no tag can; these contexts always give a valid tag.
    const alwaysTags = new Set(['github.sha', 'github.run_number', 'github.run_id', 'github.run_attempt']);
    for (const [jobName, job] of jobs) {
      for (const step of job.steps ?? []) {
        if (!step.uses?.startsWith('drydock/drydock/actions/push-ecr@')) continue;
        for (const tag of String(step.with?.['tags'] ?? '').split(/[\n,]/).map((line) => line.trim()).filter(Boolean)) {
          const literal = tag.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_match, expression: string) => (alwaysTags.has(expression) ? 'x' : '/'));
          expect({ job: jobName, tag, valid: /^\w[\w.-]{0,127}$/.test(literal) }).toEqual({ job: jobName, tag, valid: true });
        }
      }
    }
  });

  test('secrets never reach a run: script through ${{ }} (expression injection)', () => {
    for (const [, job] of jobs) for (const step of job.steps ?? []) expect(referencesIn(expressionsIn(step.run ?? '')).secrets).toEqual([]);
  });
});

describe('stepProblems', () => {
  test.each([
    ['an unknown action', [{ id: 'a', uses: `drydock/drydock/actions/push-ecs@${major}`, with: {} }], [`step a uses drydock action 'push-ecs', which does not exist`]],
    [
      'an unknown input and a missing required one',
      [{ id: 'a', uses: `drydock/drydock/actions/push-ecr@${major}`, with: { repository: 'x', tag: 'v1' } }],
      ["step a: push-ecr has no input 'tag'", "step a: push-ecr requires 'image'"],
    ],
    [
      'an output the action does not declare',
      [
        { id: 'push', uses: `drydock/drydock/actions/push-ecr@${major}`, with: { repository: 'x', image: 'oci:x' } },
        { id: 'b', run: 'echo ${{ steps.push.outputs.image-url }}' },
      ],
      ['step b reads output image-url, which push-ecr does not declare'],
    ],
    ['a step that does not exist (yet)', [{ id: 'b', run: 'echo ${{ steps.later.outputs.x }}' }], ['step b reads steps.later.outputs.x, but no earlier step has id later']],
    ['another ref than the major tag', [{ id: 'a', uses: 'drydock/drydock/actions/push-ecr@main', with: { repository: 'x', image: 'oci:x' } }], [`step a uses push-ecr@main, not @${major}`]],
    ['a run step output never written', [{ id: 'r', run: 'echo hi' }, { id: 'b', run: 'echo ${{ steps.r.outputs.value }}' }], ['step b reads output value of run step r, which never writes it']],
  ])('finds %s', (_title, steps, expected) => {
    expect(stepProblems(steps as WorkflowStep[], actions, major)).toEqual(expected);
  });
});
