import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT, isCompositeAction, loadActions } from '../templates/support/actions.js';
import { ACTION_RESOURCE_TYPES, RESOURCE_TYPES, checkPolicyResources, formatFinding, loadPolicies, typesMatching, type Finding } from './resource-reference.js';

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

// Resources against the AWS Service Authorization Reference: the table and the check are in ./resource-reference.ts.

/**
 * Where a policy contradicts the Service Authorization Reference. The policies stay as they are here: each entry is a
 * finding the check must keep reporting, and the test fails when one goes away, so that the fix removes its entry.
 */
/**
 * Grants wider than the reference requires, on purpose. GetRevocationStatus is read-only, and a verifier asks it about
 * the signing profiles and jobs of whoever signed the images it checks, often other accounts; AWS's own sample policy
 * for verifying AWS Signer signatures grants it on "*" too.
 */
const DELIBERATELY_WIDE: readonly (Pick<Finding, 'file' | 'statement' | 'action' | 'resource'> & { readonly because: string })[] = [
  ...['deploy-aks-or-eks.json', 'notation-sign.json', 'secure-release.json', 'verify-signature.json'].map((file) => ({
    file,
    statement: 'CheckRevocation',
    action: 'signer:GetRevocationStatus',
    resource: '*',
    because: 'GetRevocationStatus has resource-level permissions (signing-job*, signing-profile*), but the profiles asked about are the signers of the images, in any account',
  })),
];

const findingKey = (finding: Pick<Finding, 'file' | 'statement' | 'action' | 'resource'>): string =>
  [finding.file, finding.statement, finding.action, finding.resource].join(' | ');

describe('action-templates/iam resources, against the Service Authorization Reference', () => {
  const policies = loadPolicies(IAM_DIR);

  test('the table gives an ARN format to every resource type an action requires', () => {
    const missing = Object.entries(ACTION_RESOURCE_TYPES).flatMap(([action, types]) =>
      types
        .filter((type) => type.endsWith('*'))
        .map((type) => type.slice(0, -1))
        .filter((type) => RESOURCE_TYPES[action.slice(0, action.indexOf(':'))]?.[type] === undefined)
        .map((type) => `${action}: ${type}`),
    );
    expect(missing).toEqual([]);
  });

  test.each([
    ['ecr:BatchGetImage', 'arn:aws:ecr:REGION:ACCOUNT_ID:repository/team/app', ['repository']],
    ['ecr:BatchGetImage', 'arn:aws:ecr:REGION:ACCOUNT_ID:repositories/REPOSITORY', []],
    ['signer:SignPayload', 'arn:aws:signer:REGION:ACCOUNT_ID:/signing-profiles/SIGNING_PROFILE', ['signing-profile']],
    ['signer:SignPayload', 'arn:aws:signer:REGION:ACCOUNT_ID:signing-profiles/SIGNING_PROFILE', []],
    ['ssm:GetParameter', 'arn:aws:ssm:REGION::parameter/aws/service/eks/optimized-ami/*', ['parameter']],
    ['ssm:GetParameter', 'arn:aws:ssm:REGION:ACCOUNT_ID:parameter/aws/service/eks/optimized-ami/*', []],
    ['ssm:GetParameter', 'arn:aws:ssm:REGION::parameter/drydock/cis-audit/*', []],
    ['eks:DescribeUpdate', 'arn:aws:eks:REGION:ACCOUNT_ID:nodegroup/CLUSTER/*/*', ['nodegroup']],
    ['eks:DescribeNodegroup', 'arn:aws:eks:REGION:ACCOUNT_ID:nodegroup/CLUSTER', []],
    ['ec2:RunInstances', 'arn:aws:ec2:REGION::image/*', ['image']],
    ['ec2:RunInstances', 'arn:aws:ec2:REGION:ACCOUNT_ID:image/*', []],
    ['imagebuilder:GetImage', 'arn:aws:imagebuilder:REGION:ACCOUNT_ID:image/drydock-*', ['image']],
    ['imagebuilder:GetImage', 'arn:aws:imagebuilder:REGION:ACCOUNT_ID:image/drydock', []],
    ['iam:PassRole', 'arn:aws:iam::ACCOUNT_ID:role/path/INSTANCE_PROFILE_ROLE', ['role']],
    ['iam:PassRole', 'arn:aws:iam::ACCOUNT_ID:instance-profile/INSTANCE_PROFILE_ROLE', []],
  ])('%s: %s matches the resource types %p', (action, resource, types) => {
    expect(typesMatching(action, resource)).toEqual(types);
  });

  test.each(policyFiles)('%s: "*" exactly where the reference allows nothing narrower, and otherwise ARNs of the types each action accepts', (file) => {
    const findings = checkPolicyResources({ [file]: policies[file]! });
    const known = new Set(DELIBERATELY_WIDE.filter((bug) => bug.file === file).map(findingKey));
    const found = new Set(findings.map(findingKey));
    expect(findings.filter((finding) => !known.has(findingKey(finding))).map(formatFinding)).toEqual([]);
    // An entry no longer reported is stale: remove it from DELIBERATELY_WIDE.
    expect([...known].filter((key) => !found.has(key))).toEqual([]);
  });

  const replaceIn = (from: string, to: string) => (statement: Statement) => {
    statement.Resource = JSON.parse(JSON.stringify(statement.Resource).replaceAll(from, to)) as unknown;
  };
  test.each<[string, string, string, (statement: Statement) => void, string]>([
    ['ecr:GetAuthorizationToken on a repository', 'push-ecr.json', 'EcrLogin', (statement) => void (statement.Resource = 'arn:aws:ecr:REGION:ACCOUNT_ID:repository/REPOSITORY'), 'ecr:GetAuthorizationToken'],
    ['a Signer profile ARN without the slash before signing-profiles', 'notation-sign.json', 'SignWithProfile', replaceIn(':/signing-profiles/', ':signing-profiles/'), 'signer:SignPayload'],
    ['the public SSM parameter with an account id', 'build-harden-ami.json', 'ReadParentImageAndAuditScore', replaceIn('REGION::parameter/aws/', 'REGION:ACCOUNT_ID:parameter/aws/'), 'ssm:GetParameter'],
    ['repositories/ for repository/', 'push-ecr.json', 'PushImage', replaceIn(':repository/', ':repositories/'), 'ecr:PutImage'],
    ['an EC2 image ARN with an account id', 'rollout-nodegroups.json', 'LaunchFromNewVersions', replaceIn('REGION::image/', 'REGION:ACCOUNT_ID:image/'), 'ec2:RunInstances'],
    ['RunInstances without the subnet it requires', 'rollout-nodegroups.json', 'LaunchFromNewVersions', (statement) => void (statement.Resource = resourcesOf(statement).filter((resource) => !resource.includes(':subnet/'))), 'ec2:RunInstances'],
    ['nodegroup actions on the cluster ARN', 'rollout-nodegroups.json', 'UpdateNodegroups', replaceIn('nodegroup/CLUSTER/*/*', 'cluster/CLUSTER'), 'eks:DescribeNodegroup'],
    ['an instance profile where PassRole takes a role', 'build-harden-ami.json', 'PassBuildInstanceRole', replaceIn(':role/', ':instance-profile/'), 'iam:PassRole'],
  ])('the check catches %s', (_, file, sid, mutate, action) => {
    const mutated = structuredClone(policies);
    const statement = (mutated[file]!.Statement ?? []).find((candidate) => candidate.Sid === sid);
    expect(statement).toBeDefined();
    mutate(statement!);
    const before = new Set(checkPolicyResources(policies).map(formatFinding));
    const introduced = checkPolicyResources(mutated).map(formatFinding).filter((finding) => !before.has(finding));
    const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(introduced).toContainEqual(expect.stringMatching(new RegExp(`^${escaped(`${file}: statement ${sid}`)}[^:]*: (?:\\S+, )*${escaped(action)}(?:,| on )`)));
  });
});
