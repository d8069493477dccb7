import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ROOT, loadActions, outputsOf } from './support/actions.js';
import { codeCatalystReferences, drydockReference, stringsIn } from './support/expressions.js';
import { stepProblems, type WorkflowStep } from './support/steps.js';

// The CodeCatalyst workflows in action-templates/codecatalyst/ (the .codecatalyst/workflows/*.yaml shape). drydock's
// actions run there as steps of `aws/github-actions-runner@v1` actions: no github context, no GitHub OIDC token,
// secrets as ${Secrets.NAME}, AWS credentials from the environment's account connection role, and a step's outputs
// exported as <step-id>_<output> variables that later actions read as ${Action.<step-id>_<output>}.

const DIRECTORY = path.join(ROOT, 'action-templates/codecatalyst');
const actions = new Map(loadActions().map((action) => [action.name, action]));
const major = `v${(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version.split('.')[0]}`;
const files = readdirSync(DIRECTORY).filter((file) => file.endsWith('.yaml')).sort();

interface CatalystAction {
  readonly Identifier?: string;
  readonly DependsOn?: string[];
  readonly Environment?: { Name?: string; Connections?: Array<{ Name?: string; Role?: string }> };
  readonly Inputs?: { Sources?: string[] };
  readonly Configuration?: { Steps?: Array<WorkflowStep & { Run?: string }> };
  readonly Outputs?: { Variables?: string[] };
}
interface CatalystWorkflow {
  readonly Name?: string;
  readonly SchemaVersion?: unknown;
  readonly Triggers?: unknown[];
  readonly Actions?: Record<string, CatalystAction>;
}

/** CodeCatalyst's predefined variables of a source, the ones these workflows may use. */
const SOURCE_VARIABLES = ['CommitId', 'BranchName'];
/** CodeCatalyst allows at most five secrets per action. */
const MAX_SECRETS_PER_ACTION = 5;

/** Every action `name` depends on, directly or through others. */
function dependenciesOf(workflow: CatalystWorkflow, name: string, seen = new Set<string>()): Set<string> {
  for (const dependency of workflow.Actions?.[name]?.DependsOn ?? []) {
    if (seen.has(dependency)) continue;
    seen.add(dependency);
    dependenciesOf(workflow, dependency, seen);
  }
  return seen;
}

test('the two scenarios are there: push to ECR then deploy to AKS, and push, sign, verify', () => {
  expect(files).toEqual(['push-ecr-deploy-aks.yaml', 'sign-and-verify.yaml']);
});

describe.each(files.map((file) => [file]))('action-templates/codecatalyst/%s', (file) => {
  const text = readFileSync(path.join(DIRECTORY, file), 'utf8');
  const workflow = parseYaml(text) as CatalystWorkflow;
  const entries = Object.entries(workflow.Actions ?? {});
  const runners = entries.filter(([, action]) => action.Identifier === 'aws/github-actions-runner@v1');

  test('parses as a workflow definition: Name, SchemaVersion 1.0, triggers, actions', () => {
    expect(workflow.Name).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(String(workflow.SchemaVersion)).toBe('1.0');
    expect((workflow.Triggers ?? []).length).toBeGreaterThan(0);
    expect(runners.length).toBeGreaterThan(0);
  });

  test('drydock runs in GitHub Actions actions, with declared and required inputs, reading declared outputs', () => {
    const problems = runners.flatMap(([name, action]) => stepProblems(action.Configuration?.Steps ?? [], actions, major).map((problem) => `${name}: ${problem}`));
    expect(problems).toEqual([]);
  });

  test('every action that calls AWS through drydock has an environment with an account connection role', () => {
    for (const [name, action] of runners) {
      if (!(action.Configuration?.Steps ?? []).some((step) => drydockReference(step.uses))) continue;
      expect({ action: name, role: action.Environment?.Connections?.[0]?.Role }).toEqual({ action: name, role: expect.stringMatching(/^[\w+=,.@-]+$/) });
    }
  });

  test('uses nothing GitHub-only: no github or secrets context, no OIDC federation to Azure', () => {
    expect(text).not.toMatch(/\$\{\{[^}]*\b(github|secrets|vars|runner)\./);
    for (const [, action] of runners) {
      for (const step of action.Configuration?.Steps ?? []) expect(Object.keys(step.with ?? {})).not.toContain('client-id');
    }
  });

  test('exported variables are <step-id>_<output> of a drydock step that declares that output', () => {
    for (const [name, action] of runners) {
      const steps = new Map((action.Configuration?.Steps ?? []).filter((step) => step.id).map((step) => [step.id!, step]));
      for (const variable of action.Outputs?.Variables ?? []) {
        const separator = variable.indexOf('_');
        const step = steps.get(variable.slice(0, separator));
        const reference = drydockReference(step?.uses);
        const declared = reference !== undefined && variable.slice(separator + 1) in outputsOf(actions.get(reference.name)!);
        expect({ action: name, variable, declared }).toEqual({ action: name, variable, declared: true });
      }
    }
  });

  test('every ${Action.Variable} names an exported variable of an action it depends on; secrets and source variables are known', () => {
    for (const [name, action] of entries) {
      const references = stringsIn(action.Configuration ?? {}).flatMap(codeCatalystReferences);
      const secrets = new Set(references.filter((reference) => reference.scope === 'Secrets').map((reference) => reference.name));
      expect(secrets.size).toBeLessThanOrEqual(MAX_SECRETS_PER_ACTION);
      const dependencies = dependenciesOf(workflow, name);
      for (const { scope, name: variable } of references) {
        if (scope === 'Secrets') continue;
        if ((action.Inputs?.Sources ?? []).includes(scope)) {
          expect({ action: name, variable: `${scope}.${variable}`, known: SOURCE_VARIABLES.includes(variable) }).toEqual({ action: name, variable: `${scope}.${variable}`, known: true });
          continue;
        }
        const exported = workflow.Actions?.[scope]?.Outputs?.Variables ?? [];
        expect({ action: name, reference: `${scope}.${variable}`, dependsOn: dependencies.has(scope), exported: exported.includes(variable) }).toEqual({
          action: name,
          reference: `${scope}.${variable}`,
          dependsOn: true,
          exported: true,
        });
      }
    }
  });
});
