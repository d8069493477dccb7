import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT, isCompositeAction, loadActions } from '../templates/support/actions.js';

// The shape of action-templates/iam/<action>.json. Whether each policy grants exactly what its action calls is checked
// after the whole suite by test/support/aws-operation-recorder.reporter.cjs; this file checks what can be checked
// statically: one policy per action, valid documents, resources scoped with placeholders, `*` only where AWS offers
// no resource-level permission, and composite actions granted exactly what their steps are.

const IAM_DIR = path.join(ROOT, 'action-templates/iam');
const actions = loadActions();

interface Statement {
  Sid?: unknown;
  Effect?: unknown;
  Action?: unknown;
  Resource?: unknown;
  Condition?: unknown;
}
interface Policy {
  Version?: unknown;
  Statement?: Statement[];
}

const policyFiles = readdirSync(IAM_DIR).filter((file) => file.endsWith('.json'));
const loadPolicy = (name: string): Policy => JSON.parse(readFileSync(path.join(IAM_DIR, `${name}.json`), 'utf8')) as Policy;
const actionsOf = (policy: Policy): string[] => [...new Set((policy.Statement ?? []).flatMap((statement) => statement.Action as string[]))].sort();
const resourcesOf = (statement: Statement): string[] => ([] as unknown[]).concat(statement.Resource).map(String);

/** The placeholders a user replaces; each README's IAM section names the ones its policy uses. */
const PLACEHOLDERS = ['ACCOUNT_ID', 'REGION', 'REPOSITORY', 'SOURCE_REPOSITORY', 'CLUSTER', 'SIGNING_PROFILE', 'INSTANCE_PROFILE_ROLE'];

/** Actions AWS authorises on `*` only (no resource-level permissions), so a statement may say Resource "*" for them. */
const RESOURCE_STAR_ONLY = [
  /^ecr:GetAuthorizationToken$/,
  /^signer:GetRevocationStatus$/,
  /^eks:ListClusters$/,
  /^ec2:Describe[A-Za-z]+$/,
  /^imagebuilder:List[A-Za-z]+$/,
];

describe('action-templates/iam', () => {
  test('every action has a policy (all of them call AWS), and every policy belongs to an action', () => {
    const names = actions.map((action) => action.name).sort();
    expect(policyFiles.map((file) => file.slice(0, -'.json'.length)).sort()).toEqual(names);
  });
});

describe.each(policyFiles.map((file) => [file.slice(0, -'.json'.length)]))('action-templates/iam/%s.json', (name) => {
  const policy = loadPolicy(name);
  const statements = policy.Statement ?? [];

  test('is an IAM policy document of Allow statements with unique Sids', () => {
    expect(policy.Version).toBe('2012-10-17');
    expect(statements.length).toBeGreaterThan(0);
    const sids = statements.map((statement) => statement.Sid);
    for (const sid of sids) expect(String(sid)).toMatch(/^[A-Z][A-Za-z0-9]+$/);
    expect(new Set(sids).size).toBe(sids.length);
    for (const statement of statements) expect(statement.Effect).toBe('Allow');
  });

  test('lists each action once per statement, sorted, as service:Operation', () => {
    for (const statement of statements) {
      const list = statement.Action as string[];
      expect(Array.isArray(list)).toBe(true);
      for (const action of list) expect(action).toMatch(/^[a-z0-9-]+:[A-Z][A-Za-z0-9]+$/);
      expect(list).toEqual([...new Set(list)].sort());
    }
  });

  test('scopes resources with placeholders, never a real account or region', () => {
    for (const statement of statements) {
      for (const resource of resourcesOf(statement)) {
        if (resource === '*') continue;
        expect(resource).toMatch(/^arn:aws:[a-z0-9-]+:/);
        const fields = resource.split(':');
        expect(['', 'REGION']).toContain(fields[3]);
        expect(['', 'ACCOUNT_ID']).toContain(fields[4]);
        const placeholders = resource.match(/\b[A-Z][A-Z_]+[A-Z]\b/g) ?? [];
        for (const placeholder of placeholders) expect(PLACEHOLDERS).toContain(placeholder);
        expect(resource).not.toMatch(/\d{12}/);
      }
    }
  });

  test('uses Resource "*" only for actions that have no resource-level permissions', () => {
    const starred = statements.filter((statement) => resourcesOf(statement).includes('*')).flatMap((statement) => statement.Action as string[]);
    expect(starred.filter((action) => !RESOURCE_STAR_ONLY.some((pattern) => pattern.test(action)))).toEqual([]);
  });
});

/**
 * What a composite's steps are granted but the composite never needs, because it does not expose the input that
 * leads to the call.
 */
const NOT_REACHABLE_FROM_COMPOSITE: Record<string, Record<string, string>> = {
  'secure-release': {
    'ecr:GetRepositoryPolicy': "push-ecr reads the repository policy only for its repository-policy input, which secure-release does not pass",
    'ecr:SetRepositoryPolicy': "push-ecr sets the repository policy only for its repository-policy input, which secure-release does not pass",
  },
};

describe('composite actions', () => {
  const composites = actions.filter(isCompositeAction);
  test('there are composite actions to check', () => expect(composites.length).toBeGreaterThan(0));
  test.each(composites.map((action) => [action.name, action] as const))('%s is granted exactly what its steps are, less what it cannot reach', (name, action) => {
    const steps = (action.metadata.runs?.steps ?? [])
      .map((step) => /^drydock\/drydock\/actions\/([^@]+)@/.exec(step.uses ?? '')?.[1])
      .filter((step): step is string => step !== undefined && existsSync(path.join(IAM_DIR, `${step}.json`)));
    expect(steps.length).toBeGreaterThan(0);
    const unreachable = NOT_REACHABLE_FROM_COMPOSITE[name] ?? {};
    const union = [...new Set(steps.flatMap((step) => actionsOf(loadPolicy(step))))].filter((permission) => !(permission in unreachable)).sort();
    expect(actionsOf(loadPolicy(name))).toEqual(union);
  });
});
