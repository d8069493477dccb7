import path from 'node:path';
import { ACTIONS_DIR, loadActions } from './support/actions.js';
import { loadComposite, simulateComposite, type CompositeRun, type StepCall, type StepResult } from './support/composite.js';
import { evaluate, evaluateCondition, interpolate, strictContext, type EvaluationScope } from './support/evaluator.js';

// composite-actions.test.ts checks that the composites' references resolve; this file runs their expressions. Each
// composite is simulated with fakes for its steps that take the inputs and set the outputs the real actions do
// (names and shapes as in src/actions/<name>/main.ts), so a misspelt property, a wrong step, a wrong comparison in an
// `if:` or an output wired to the wrong value fails here.
//
// DRYDOCK_COMPOSITE_ACTIONS_DIR points the simulation at copies of the composites (<dir>/<name>/action.yml), to check
// that a deliberately broken copy fails these tests; the step actions always come from actions/.

const COMPOSITES_DIR = process.env['DRYDOCK_COMPOSITE_ACTIONS_DIR'] ?? ACTIONS_DIR;
const actions = new Map(loadActions().map((action) => [action.name, action]));
const composite = (name: string) => loadComposite(path.join(COMPOSITES_DIR, name, 'action.yml'));
const list = (value: string | undefined) => (value ?? '').split(/[\n,]/).map((item) => item.trim()).filter(Boolean);
const ranSteps = (run: CompositeRun) => run.steps.filter((step) => step.conclusion !== 'skipped').map((step) => step.id);

describe('the expression evaluator', () => {
  const scope: EvaluationScope = {
    contexts: { inputs: strictContext({ 'force-build': 'TRUE', empty: '' }, 'inputs'), data: { Name: 'x', list: ['a', 'b'], nested: { value: 1 } } },
    status: { failed: false, cancelled: false },
  };

  test.each([
    ["'true' == 'TRUE'", true], // strings compare ignoring case
    ["inputs.force-build == 'true'", true],
    ["null == ''", true], // different types: both numbers, 0 == 0
    ["null != ''", false],
    ['null == 0', true],
    ["'' == 0", true],
    ["' 1.5 ' == 1.5", true],
    ["'abc' == 0", false], // NaN
    ["'true' == true", false], // 'true' is NaN as a number, true is 1
    ["'1' == true", true],
    ['false == 0', true],
    ["fromJSON('[1]') == fromJSON('[1]')", false], // arrays by identity
    ['data.list == data.list', true],
    ["fromJSON('{\"a\":{\"b\":[10,20]}}').a.b[1] == 20", true],
    ["data.name == 'x'", true], // property names ignore case
    ["data['NESTED'].value == 1", true],
    ['data.missing == null', true],
    ['data.list[2] == null', true],
    ['data.list.length == null', true], // no JavaScript properties
    ["'it''s' == 'IT''S'", true],
    ["!inputs.empty && !(inputs.empty || 0)", true],
  ])('%s is %s', (expression, expected) => {
    expect(evaluate(expression, scope)).toBe(expected);
  });

  test('&& and || return an operand, and stop at the first that decides', () => {
    expect(evaluate("inputs.empty || 'fallback'", scope)).toBe('fallback');
    expect(evaluate("inputs.force-build || fromJSON('not json')", scope)).toBe('TRUE');
    expect(evaluate("inputs.empty && fromJSON('not json')", scope)).toBe('');
    expect(evaluate("inputs.force-build && 'both'", scope)).toBe('both');
  });

  test('interpolation converts to text, and refuses arrays and objects', () => {
    expect(interpolate("a ${{ inputs.empty }}b ${{ 1 == 1 }} ${{ null }}${{ 42 }}", scope)).toBe('a b true 42');
    expect(interpolate('${{ toJSON(data.list) }}', scope)).toBe('[\n  "a",\n  "b"\n]');
    expect(() => interpolate('${{ data.list }}', scope)).toThrow(/cannot convert array/);
    expect(() => interpolate('${{ inputs.empty', scope)).toThrow(/unterminated/);
  });

  test('an if: without a status function is success() && (...)', () => {
    const failed: EvaluationScope = { ...scope, status: { failed: true, cancelled: false } };
    expect(evaluateCondition(undefined, scope)).toBe(true);
    expect(evaluateCondition(undefined, failed)).toBe(false);
    expect(evaluateCondition("inputs.force-build == 'true'", failed)).toBe(false);
    expect(evaluateCondition("${{ always() && inputs.force-build == 'true' }}", failed)).toBe(true);
    expect(evaluateCondition('failure()', failed)).toBe(true);
    expect(evaluateCondition('cancelled()', failed)).toBe(false);
  });

  test.each([
    ['contains(inputs.empty, 1)', /unsupported function contains/],
    ['format(\'{0}\', 1)', /unsupported function format/],
    ['1 < 2', /unsupported operator '<'/],
    ['data.list.*', /unsupported operator '\*'/],
    ['"double"', /unsupported syntax/],
    ['secrets.TOKEN', /unknown context 'secrets'/],
    ['inputs.forcebuild', /inputs has no 'forcebuild'/],
    ["fromJSON('')", /JSON/],
    ['(1 == 1', /expected '\)'/],
    ['1 == 1 1', /trailing/],
    ['success(1)', /takes 0/],
  ])('%s throws', (expression, error) => {
    expect(() => evaluate(expression, scope)).toThrow(error);
  });

  test('status functions need a status', () => {
    expect(() => evaluate('success()', { contexts: {} })).toThrow(/not available/);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('actions/secure-release, simulated', () => {
  const action = composite('secure-release');
  const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
  const DIGEST = `sha256:${'3f'.repeat(32)}`;
  const SIGNATURE_DIGEST = `sha256:${'9c'.repeat(32)}`;
  const PROFILE = 'arn:aws:signer:us-east-1:123456789012:/signing-profiles/drydock_release';
  const PROFILE_VERSION = `${PROFILE}/q7Xz1a2b3C`;
  const SIGNED_AT = '2026-03-02T10:15:00.000Z';
  const required = { repository: 'team/app', image: 'oci:build/image', 'signing-profile-arn': PROFILE };
  const uriOf = (repository: string) => `${REGISTRY}/${repository}@${DIGEST}`;

  /**
   * push-ecr, notation-sign and verify-signature as far as the wiring goes: push-ecr stores the image, notation-sign
   * signs only pushed digest references, verify-signature passes only signed ones whose signer is trusted (fails closed
   * otherwise, with an empty verified list). `failing` makes a step fail as the real one would, before its outputs.
   */
  function fakes(options: { failing?: string; verifiedReference?: string } = {}) {
    const pushed = new Set<string>();
    const signed = new Map<string, string>(); // image -> signer
    return (call: StepCall): StepResult => {
      if (call.id === options.failing) return { outputs: {}, outcome: 'failure' };
      switch (call.action) {
        case 'push-ecr': {
          const repositoryUri = `${REGISTRY}/${call.inputs['repository']}`;
          pushed.add(uriOf(call.inputs['repository']!));
          return {
            outputs: { registry: REGISTRY, 'repository-uri': repositoryUri, digest: DIGEST, 'image-uri': uriOf(call.inputs['repository']!), tags: JSON.stringify(list(call.inputs['tags'])) },
          };
        }
        case 'notation-sign': {
          const images = list(call.inputs['images']);
          for (const image of images) {
            if (!pushed.has(image)) throw new Error(`notation-sign fake: ${image} was not pushed`);
            signed.set(image, call.inputs['signing-profile-arn']!);
          }
          const signatures = images.map((image) => ({ image, reference: image, digest: DIGEST, signatureDigest: SIGNATURE_DIGEST }));
          return { outputs: { signatures: JSON.stringify(signatures), 'signature-digest': SIGNATURE_DIGEST } };
        }
        case 'verify-signature': {
          const trusted = list(call.inputs['trusted-identities']);
          const images = list(call.inputs['images']);
          const passed = images.filter((image) => signed.has(image) && trusted.includes(signed.get(image)!));
          const verified = passed.map((image) => ({
            image,
            reference: options.verifiedReference ?? image,
            digest: DIGEST,
            identity: PROFILE_VERSION,
            signingTime: SIGNED_AT,
            level: call.inputs['verification-level'] || 'strict',
          }));
          const outputs = { verified: JSON.stringify(verified), digests: JSON.stringify(passed.map(() => DIGEST)) };
          return passed.length === images.length && images.length > 0 ? { outputs } : { outputs, outcome: 'failure' };
        }
        default:
          throw new Error(`unexpected step ${call.id} (${call.action})`);
      }
    };
  }

  test('pushes, signs the pushed digest, verifies it against the signing profile, and outputs the verified reference', () => {
    const run = simulateComposite(action, actions, required, fakes());
    expect(run.steps).toEqual([
      { id: 'push', conclusion: 'success' },
      { id: 'sign', conclusion: 'success' },
      { id: 'verify', conclusion: 'success' },
    ]);
    expect(run.failed).toBe(false);
    const blank = { tags: '', region: '', 'image-tag-mutability': '', 'lifecycle-policy': '', 'registry-endpoint': '' };
    expect(run.calls['push']!.with).toEqual({ repository: 'team/app', image: 'oci:build/image', ...blank });
    expect(run.calls['sign']!.with).toEqual({ images: uriOf('team/app'), 'signing-profile-arn': PROFILE, annotations: '', 'registry-endpoint': '' });
    expect(run.calls['verify']!.with).toEqual({ images: uriOf('team/app'), 'trusted-identities': PROFILE, 'revocation-check': '', 'registry-endpoint': '' });
    expect(run.output('image-uri')).toBe(uriOf('team/app'));
    expect(run.output('digest')).toBe(DIGEST);
    expect(run.output('repository-uri')).toBe(`${REGISTRY}/team/app`);
    expect(run.output('signature-digest')).toBe(SIGNATURE_DIGEST);
  });

  test("image-uri is verify-signature's verified reference (traced with a value only verify reports)", () => {
    const tracer = `${REGISTRY}/traced/by-verify@${DIGEST}`;
    const run = simulateComposite(action, actions, required, fakes({ verifiedReference: tracer }));
    expect(run.output('image-uri')).toBe(tracer);
  });

  test('trusted-identities, when given, replaces the signing profile as the identity verify trusts', () => {
    const other = 'arn:aws:signer:us-east-1:123456789012:/signing-profiles/someone_else';
    const run = simulateComposite(action, actions, { ...required, 'trusted-identities': `${other}\n${PROFILE}` }, fakes());
    expect(run.calls['verify']!.with['trusted-identities']).toBe(`${other}\n${PROFILE}`);
    expect(run.failed).toBe(false);
    const untrusted = simulateComposite(action, actions, { ...required, 'trusted-identities': other }, fakes());
    expect(untrusted.calls['verify']!.with['trusted-identities']).toBe(other);
    expect(untrusted.steps.at(-1)).toEqual({ id: 'verify', conclusion: 'failure' });
    expect(untrusted.failed).toBe(true);
  });

  test('every optional input reaches the steps that take it, unchanged', () => {
    const all = {
      ...required,
      tags: 'v1.2.3,latest',
      region: 'eu-west-1',
      'image-tag-mutability': 'IMMUTABLE',
      'lifecycle-policy': '.github/ecr-lifecycle.json',
      annotations: 'org.opencontainers.image.source=https://github.com/acme/app',
      'trusted-identities': PROFILE,
      'revocation-check': 'log',
      'registry-endpoint': 'https://127.0.0.1:5000',
    };
    const run = simulateComposite(action, actions, all, fakes());
    expect(run.calls['push']!.with).toEqual({
      repository: 'team/app',
      image: 'oci:build/image',
      tags: 'v1.2.3,latest',
      region: 'eu-west-1',
      'image-tag-mutability': 'IMMUTABLE',
      'lifecycle-policy': '.github/ecr-lifecycle.json',
      'registry-endpoint': 'https://127.0.0.1:5000',
    });
    expect(run.calls['sign']!.with).toEqual({
      images: uriOf('team/app'),
      'signing-profile-arn': PROFILE,
      annotations: 'org.opencontainers.image.source=https://github.com/acme/app',
      'registry-endpoint': 'https://127.0.0.1:5000',
    });
    expect(run.calls['verify']!.with).toEqual({ images: uriOf('team/app'), 'trusted-identities': PROFILE, 'revocation-check': 'log', 'registry-endpoint': 'https://127.0.0.1:5000' });
    expect(run.output('image-uri')).toBe(uriOf('team/app'));
  });

  test.each([
    ['push', ['push']],
    ['sign', ['push', 'sign']],
  ])('a failed %s step stops the chain: nothing after it runs', (failing, ran) => {
    const run = simulateComposite(action, actions, required, fakes({ failing }));
    expect(ranSteps(run)).toEqual(ran);
    expect(run.steps.find((step) => step.id === failing)!.conclusion).toBe('failure');
    expect(run.failed).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('actions/harden-and-rollout, simulated', () => {
  const action = composite('harden-and-rollout');
  const PARENT_OLD = 'ami-0a1b2c3d4e5f60001';
  const PARENT_NEW = 'ami-0a1b2c3d4e5f60002';
  const LATEST = 'ami-0123456789abcdef0'; // the newest hardened AMI before this run
  const BUILT = 'ami-0fedcba9876543210'; // the one this run builds, in the build region
  const BUILT_EU = 'ami-0fedcba9876543211'; // its copy in a distribution region
  const IMAGE_ARN = 'arn:aws:imagebuilder:us-east-1:123456789012:image/drydock-eks-al2023-1-31-x86-64/1.0.0/4';
  const required = { 'kubernetes-version': '1.31', 'cis-role-version': '2.0.4', 'cis-audit-version': '0.3.1', 'instance-profile': 'drydock-image-builder' };

  type BuildEnd = 'success' | 'audit-gate-failed' | 'failed-before-ami';

  /**
   * build-harden-ami (check mode: the staleness report; build mode: the build's outputs, also set when it fails after
   * the AMI exists, as setBuildOutputs does) and rollout-nodegroups (one node group per region of ami-ids).
   */
  function fakes(check: { stale: boolean; latest?: string }, build: BuildEnd = 'success') {
    return (call: StepCall): StepResult => {
      switch (call.action) {
        case 'build-harden-ami': {
          if (call.inputs['mode'] === 'check') {
            const latest = check.latest ?? LATEST;
            return {
              outputs: { stale: String(check.stale), 'current-parent-ami': PARENT_NEW, 'built-from-parent-ami': latest ? (check.stale ? PARENT_OLD : PARENT_NEW) : '', 'latest-ami-id': latest },
            };
          }
          if (call.inputs['mode'] !== 'build') throw new Error(`build-harden-ami fake: mode ${call.inputs['mode']}`);
          if (build === 'failed-before-ami') {
            return { outputs: { 'image-arn': IMAGE_ARN, 'ami-id': '', 'ami-ids': '', 'parent-ami-id': PARENT_NEW, 'audit-score': '', findings: '' }, outcome: 'failure' };
          }
          const outputs = {
            'image-arn': IMAGE_ARN,
            'ami-id': BUILT,
            'ami-ids': JSON.stringify({ 'us-east-1': BUILT, 'eu-west-1': BUILT_EU }),
            'parent-ami-id': PARENT_NEW,
            'audit-score': build === 'audit-gate-failed' ? '61.5' : '92.3',
            findings: JSON.stringify({ critical: 0, high: 1, medium: 4, all: 12 }),
          };
          return build === 'success' ? { outputs } : { outputs, outcome: 'failure' };
        }
        case 'rollout-nodegroups': {
          const amis = JSON.parse(call.inputs['ami-ids']!) as Record<string, string>;
          const dryRun = call.inputs['dry-run'] === 'true';
          const updated = Object.entries(amis).map(([region, ami], index) => ({
            region,
            cluster: 'prod',
            nodegroup: 'workers',
            fromAmi: LATEST,
            toAmi: ami,
            launchTemplateId: `lt-0abcdef012345678${index}`,
            launchTemplateVersion: '7',
            ...(dryRun ? { result: 'DryRun', dryRun: true } : { updateId: `1f2e3d4c-0000-4000-8000-00000000000${index}`, result: 'Successful' }),
          }));
          return { outputs: { updated: JSON.stringify(updated), skipped: '[]', failed: '[]' } };
        }
        default:
          throw new Error(`unexpected step ${call.id} (${call.action})`);
      }
    };
  }

  const BUILT_IDS = JSON.stringify({ 'us-east-1': BUILT, 'eu-west-1': BUILT_EU });

  test('stale: checks, builds, and rolls out the AMIs the build made', () => {
    const run = simulateComposite(action, actions, required, fakes({ stale: true }));
    expect(run.steps).toEqual([
      { id: 'check', conclusion: 'success' },
      { id: 'build', conclusion: 'success' },
      { id: 'rollout', conclusion: 'success' },
    ]);
    expect(run.calls['check']!.with).toEqual({ mode: 'check', 'kubernetes-version': '1.31', os: '', architecture: '', region: '', 'pipeline-name': '' });
    expect(run.calls['build']!.inputs['mode']).toBe('build');
    expect(run.calls['rollout']!.with['ami-ids']).toBe(BUILT_IDS);
    expect(JSON.parse(run.calls['rollout']!.with['ami-ids']!)).toEqual({ 'us-east-1': BUILT, 'eu-west-1': BUILT_EU });
    expect(run.calls['rollout']!.with['dry-run']).toBe('false');
    expect({ stale: run.output('stale'), built: run.output('built'), amiId: run.output('ami-id'), amiIds: run.output('ami-ids'), failed: run.output('failed') }).toEqual({
      stale: 'true',
      built: 'true',
      amiId: BUILT,
      amiIds: BUILT_IDS,
      failed: '[]',
    });
    expect(JSON.parse(run.output('updated')).map((entry: { toAmi: string }) => entry.toAmi)).toEqual([BUILT, BUILT_EU]);
  });

  test('a first run (no hardened image yet, so stale) builds and outputs the new AMI', () => {
    const run = simulateComposite(action, actions, required, fakes({ stale: true, latest: '' }));
    expect(ranSteps(run)).toEqual(['check', 'build', 'rollout']);
    expect(run.output('ami-id')).toBe(BUILT);
  });

  test('current: only checks; outputs the existing AMI and empty build and rollout outputs', () => {
    const run = simulateComposite(action, actions, required, fakes({ stale: false }));
    expect(run.steps).toEqual([
      { id: 'check', conclusion: 'success' },
      { id: 'build', conclusion: 'skipped' },
      { id: 'rollout', conclusion: 'skipped' },
    ]);
    expect(run.calls['build']).toBeUndefined();
    expect({ stale: run.output('stale'), built: run.output('built'), amiId: run.output('ami-id'), amiIds: run.output('ami-ids'), updated: run.output('updated'), failed: run.output('failed') }).toEqual({
      stale: 'false',
      built: 'false',
      amiId: LATEST,
      amiIds: '',
      updated: '',
      failed: '',
    });
  });

  test.each([
    ['true', ['check', 'build', 'rollout']],
    ['True', ['check', 'build', 'rollout']], // compared ignoring case, as build-harden-ami's booleans accept True
    ['false', ['check']],
    ['', ['check']],
  ])('current, force-build %p: runs %p', (force, ran) => {
    const run = simulateComposite(action, actions, { ...required, 'force-build': force }, fakes({ stale: false }));
    expect(ranSteps(run)).toEqual(ran);
    expect(run.output('built')).toBe(String(ran.includes('build')));
    expect(run.output('ami-id')).toBe(ran.includes('build') ? BUILT : LATEST);
  });

  test('stale with force-build false still builds', () => {
    const run = simulateComposite(action, actions, { ...required, 'force-build': 'false' }, fakes({ stale: true }));
    expect(ranSteps(run)).toEqual(['check', 'build', 'rollout']);
  });

  test('dry-run builds, and passes dry-run on to the rollout', () => {
    const run = simulateComposite(action, actions, { ...required, 'dry-run': 'true' }, fakes({ stale: true }));
    expect(ranSteps(run)).toEqual(['check', 'build', 'rollout']);
    expect(run.calls['rollout']!.with['dry-run']).toBe('true');
    expect(JSON.parse(run.output('updated')).map((entry: { result: string }) => entry.result)).toEqual(['DryRun', 'DryRun']);
  });

  test.each<[BuildEnd, string]>([
    ['audit-gate-failed', BUILT_IDS],
    ['failed-before-ami', ''],
  ])('a build that fails (%s) is not rolled out, even with ami-ids set', (end, amiIds) => {
    const run = simulateComposite(action, actions, required, fakes({ stale: true }, end));
    expect(run.steps).toEqual([
      { id: 'check', conclusion: 'success' },
      { id: 'build', conclusion: 'failure' },
      { id: 'rollout', conclusion: 'skipped' },
    ]);
    expect(run.failed).toBe(true);
    expect(run.output('ami-ids')).toBe(amiIds);
  });

  test('every optional input reaches the steps that take it, under the name the step uses', () => {
    const all = {
      ...required,
      os: 'al2',
      architecture: 'arm64',
      region: 'us-east-1',
      'pipeline-name': 'eks-nodes',
      'audit-min-score': '80',
      'subnet-id': 'subnet-0123456789abcdef0',
      'security-group-ids': 'sg-0123456789abcdef0',
      'distribution-regions': 'eu-west-1',
      'build-timeout': '150m',
      'force-build': 'false',
      clusters: 'prod-*',
      'cluster-tags': 'env=prod',
      nodegroups: 'workers',
      'max-unavailable-percentage': '25',
      'max-parallel-per-cluster': '2',
      'rollout-timeout': '60m',
      'dry-run': 'false',
    };
    const run = simulateComposite(action, actions, all, fakes({ stale: true }));
    const where = { 'kubernetes-version': '1.31', os: 'al2', architecture: 'arm64', region: 'us-east-1', 'pipeline-name': 'eks-nodes' };
    expect(run.calls['check']!.with).toEqual({ mode: 'check', ...where });
    expect(run.calls['build']!.with).toEqual({
      ...where,
      'cis-role-version': '2.0.4',
      'cis-audit-version': '0.3.1',
      'instance-profile': 'drydock-image-builder',
      'audit-min-score': '80',
      'subnet-id': 'subnet-0123456789abcdef0',
      'security-group-ids': 'sg-0123456789abcdef0',
      'distribution-regions': 'eu-west-1',
      timeout: '150m',
    });
    expect(run.calls['rollout']!.with).toEqual({
      'ami-ids': BUILT_IDS,
      clusters: 'prod-*',
      'cluster-tags': 'env=prod',
      nodegroups: 'workers',
      'max-unavailable-percentage': '25',
      'max-parallel-per-cluster': '2',
      timeout: '60m',
      'dry-run': 'false',
    });
  });
});
