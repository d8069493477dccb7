import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseRolloutNodegroupsInputs } from '../../../src/actions/rollout-nodegroups/inputs.js';
import { ConfigurationError } from '../../../src/core/errors.js';
import { InputReader } from '../../../src/core/inputs.js';
import { FakeClock } from '../../support/fake-clock.js';

const root = path.resolve(import.meta.dirname, '../../..');
const fixtures = path.join(root, 'test/fixtures/nodegroups/inputs');
const base = { 'ami-id': 'ami-0a202300000000002', clusters: 'prod' };
const parse = (values: Record<string, string>, env: NodeJS.ProcessEnv = { AWS_REGION: 'us-east-1' }) =>
  parseRolloutNodegroupsInputs(new InputReader(new Map(Object.entries(values)), fixtures), { env, clock: new FakeClock() });

describe('rollout-nodegroups inputs', () => {
  test('defaults', () => {
    expect(parse(base)).toEqual({
      amis: new Map([['us-east-1', 'ami-0a202300000000002']]),
      selection: { clusters: ['prod'], clusterTags: [], nodegroups: [], nodegroupLabels: [], nodegroupTags: [], allowEmpty: false },
      force: false,
      maxParallel: 5,
      maxParallelPerCluster: 1,
      wait: true,
      timeoutMs: 90 * 60_000,
      failFast: true,
      dryRun: false,
      runLabel: 'run at 2026-01-01T00:00:00.000Z',
    });
  });

  test('every input set', () => {
    const settings = parse(
      {
        'ami-ids': 'ami-ids.json',
        regions: 'eu-west-1',
        clusters: 'prod-*\npayments',
        'cluster-tags': 'env=prod, team = payments',
        'allow-empty': 'true',
        nodegroups: 'batch-?, web',
        'nodegroup-labels': 'pool=batch',
        'nodegroup-tags': 'patch=auto,owner=',
        force: 'true',
        'max-unavailable-percentage': '25',
        'max-parallel': '10',
        'max-parallel-per-cluster': '2',
        wait: 'false',
        timeout: '2h',
        'fail-fast': 'false',
        'dry-run': 'true',
      },
      { GITHUB_RUN_ID: '8812', GITHUB_RUN_ATTEMPT: '2', GITHUB_REPOSITORY: 'acme/platform' },
    );
    expect(settings).toEqual({
      amis: new Map([['eu-west-1', 'ami-0b202300000000002']]),
      selection: {
        clusters: ['prod-*', 'payments'],
        clusterTags: [{ key: 'env', value: 'prod' }, { key: 'team', value: 'payments' }],
        nodegroups: ['batch-?', 'web'],
        nodegroupLabels: [{ key: 'pool', value: 'batch' }],
        nodegroupTags: [{ key: 'patch', value: 'auto' }, { key: 'owner', value: '' }],
        allowEmpty: true,
      },
      force: true,
      maxUnavailable: { percentage: 25 },
      maxParallel: 10,
      maxParallelPerCluster: 2,
      wait: false,
      timeoutMs: 2 * 3_600_000,
      failFast: false,
      dryRun: true,
      runLabel: 'run 8812.2 of acme/platform',
    });
  });

  test('ami-ids inline covers every region it names; ami-id takes its one region from regions', () => {
    expect(parse({ 'ami-ids': '{"us-east-1":"ami-0123456789abcdef0","ap-south-1":"ami-89abcdef"}', 'cluster-tags': 'rollout=auto' }).amis).toEqual(
      new Map([['us-east-1', 'ami-0123456789abcdef0'], ['ap-south-1', 'ami-89abcdef']]),
    );
    expect(parse({ ...base, regions: 'eu-central-1', 'max-unavailable': '3' })).toMatchObject({
      amis: new Map([['eu-central-1', 'ami-0a202300000000002']]),
      maxUnavailable: { count: 3 },
    });
  });

  test.each<[string, Record<string, string>, string, NodeJS.ProcessEnv?]>([
    [
      'no AMI',
      { clusters: 'prod' },
      "Input 'ami-id' is required when 'ami-ids' is not set. Give the AMI to roll out: ami-id for one region, or ami-ids (the JSON object build-harden-ami outputs) for several.",
    ],
    [
      'both AMI inputs',
      { ...base, 'ami-ids': '{"us-east-1":"ami-0123456789abcdef0"}' },
      "Inputs 'ami-id' and 'ami-ids' are both set. Set only one: ami-id for one region, ami-ids for several.",
    ],
    [
      'a malformed AMI id',
      { ...base, 'ami-id': 'ami-XYZ' },
      "Input 'ami-id': 'ami-XYZ' is not an AMI id. Use the form ami- followed by 8 or 17 lower-case hexadecimal digits, as build-harden-ami outputs it.",
    ],
    [
      'ami-ids that is a list',
      { clusters: 'prod', 'ami-ids': '["ami-0123456789abcdef0"]' },
      'Input \'ami-ids\': the JSON is not an object of region to AMI id. Write it as {"us-east-1": "ami-0123456789abcdef0"}.',
    ],
    [
      'ami-ids that is not JSON',
      { clusters: 'prod', 'ami-ids': '{"a": x}' },
      'Input \'ami-ids\': inline JSON is not valid JSON (Unexpected token \'x\', "{"a": x}" is not valid JSON). Fix the JSON syntax.',
    ],
    [
      'ami-ids with a bad region',
      { clusters: 'prod', 'ami-ids': '{"us-east":"ami-0123456789abcdef0"}' },
      "Input 'ami-ids': 'us-east' is not an AWS region name. Use a region code such as us-east-1 or eu-west-2.",
    ],
    [
      'ami-ids with a bad AMI',
      { clusters: 'prod', 'ami-ids': '{"us-east-1":"ami-123"}' },
      "Input 'ami-ids': 'ami-123' is not an AMI id. Use the form ami- followed by 8 or 17 lower-case hexadecimal digits, as build-harden-ami outputs it.",
    ],
    [
      'ami-ids with a non-string AMI',
      { clusters: 'prod', 'ami-ids': '{"us-east-1":42}' },
      "Input 'ami-ids': 'us-east-1' maps to something other than an AMI id string. Map each region to its AMI id.",
    ],
    [
      'a region without an AMI',
      { clusters: 'prod', 'ami-ids': 'ami-ids.json', regions: 'us-east-1, eu-west-3' },
      "Input 'regions': 'eu-west-3' has no AMI in 'ami-ids'. Add it to ami-ids or remove it from regions; ami-ids covers us-east-1, eu-west-1.",
    ],
    [
      'one AMI id for two regions',
      { ...base, regions: 'us-east-1\neu-west-1' },
      "Input 'regions': 'us-east-1, eu-west-1' names 2 regions but 'ami-id' is one AMI, and an AMI id belongs to one region. Give one region, or give ami-ids with an AMI per region.",
    ],
    ['a malformed region', { ...base, regions: 'US-EAST-1' }, "Input 'regions': 'US-EAST-1' is not an AWS region name. Use a region code such as us-east-1 or eu-west-2."],
    [
      'no region anywhere',
      base,
      "Input 'regions' is not set and neither is AWS_REGION. Set 'regions', or configure credentials with a region first (aws-actions/configure-aws-credentials).",
      {},
    ],
    [
      'no cluster selection',
      { 'ami-id': 'ami-0a202300000000002' },
      "Input 'clusters' is required when 'cluster-tags' is not set. Name the clusters (names or globs such as prod-*), or select them by tag with cluster-tags: key=value.",
    ],
    ['a bad cluster name', { ...base, clusters: 'prod/eu' }, "Input 'clusters': 'prod/eu' is not an EKS cluster name or glob. Use letters, digits, - and _, with * and ? as wildcards."],
    ['a bad node group name', { ...base, nodegroups: 'ng 1' }, "Input 'nodegroups': 'ng 1' is not a node group name or glob. Use letters, digits, - and _, with * and ? as wildcards."],
    ['a cluster tag without =', { 'ami-id': 'ami-0a202300000000002', 'cluster-tags': 'env' }, "Input 'cluster-tags': 'env' is not a key=value pair. Write each pair as key=value, one per line or comma separated."],
    ['a label without a key', { ...base, 'nodegroup-labels': '=batch' }, "Input 'nodegroup-labels': '=batch' is not a key=value pair. Write each pair as key=value, one per line or comma separated."],
    ['a tag without =', { ...base, 'nodegroup-tags': 'patch:auto' }, "Input 'nodegroup-tags': 'patch:auto' is not a key=value pair. Write each pair as key=value, one per line or comma separated."],
    [
      'both max-unavailable forms',
      { ...base, 'max-unavailable': '2', 'max-unavailable-percentage': '20' },
      "Inputs 'max-unavailable' and 'max-unavailable-percentage' are both set; EKS takes one or the other. Remove one of them.",
    ],
    ['max-unavailable 0', { ...base, 'max-unavailable': '0' }, "Input 'max-unavailable': '0' is not a whole number from 1 to 100. Set it to a number in that range."],
    ['a percentage over 100', { ...base, 'max-unavailable-percentage': '150' }, "Input 'max-unavailable-percentage': '150' is not a whole number from 1 to 100. Set it to a number in that range."],
    ['max-parallel 0', { ...base, 'max-parallel': '0' }, "Input 'max-parallel': '0' is not a whole number from 1 to 50. Set it to a number in that range."],
    [
      'more per cluster than overall',
      { ...base, 'max-parallel': '3', 'max-parallel-per-cluster': '4' },
      "Input 'max-parallel-per-cluster': '4' is more than max-parallel (3). Lower it, or raise max-parallel: no more updates run at once than max-parallel allows.",
    ],
    ['a timeout without a unit', { ...base, timeout: '90' }, "Input 'timeout': '90' is not a duration. Write a number with a unit, such as 90s, 10m or 2h."],
    ['a timeout too short', { ...base, timeout: '30s' }, "Input 'timeout': '30s' is not between 1m and 6h. A node group update takes 10 to 60 minutes; the default is 90m."],
    ['a timeout too long', { ...base, timeout: '7h' }, "Input 'timeout': '7h' is not between 1m and 6h. A node group update takes 10 to 60 minutes; the default is 90m."],
    ['wait not a boolean', { ...base, wait: 'yes' }, "Input 'wait': 'yes' is not a boolean. Use true or false."],
    ['dry-run not a boolean', { ...base, 'dry-run': 'maybe' }, "Input 'dry-run': 'maybe' is not a boolean. Use true or false."],
    ['fail-fast not a boolean', { ...base, 'fail-fast': '1' }, "Input 'fail-fast': '1' is not a boolean. Use true or false."],
  ])('%s', (_name, values, message, env = { AWS_REGION: 'us-east-1' }) => {
    // A default keeps the callback's arity at 3: with a fourth parameter jest passes a `done` callback and waits for it.
    const attempt = () => parse(values, env);
    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (error) {
      expect((error as Error).message).toBe(message);
    }
  });

  test('action.yml declares every input the parser reads, with the parser defaults', () => {
    const metadata = parseYaml(readFileSync(path.join(root, 'actions/rollout-nodegroups/action.yml'), 'utf8')) as {
      inputs: Record<string, { default?: string; description: string }>;
      outputs: Record<string, { description: string }>;
      runs: { using: string; main: string };
    };
    const reader = new InputReader(new Map(Object.entries(base)), fixtures);
    parseRolloutNodegroupsInputs(reader, { env: { AWS_REGION: 'us-east-1' }, clock: new FakeClock() });
    const read = new Set([...Object.keys(metadata.inputs)].filter((name) => !reader.unknownNames().includes(name)));
    expect(Object.keys(metadata.inputs).sort()).toEqual([...read].sort());
    // Every input the parser asked for is declared: an undeclared one would be reported unknown.
    const declared = new InputReader(new Map(Object.keys(metadata.inputs).map((name) => [name, 'x'])), fixtures);
    try {
      parseRolloutNodegroupsInputs(declared, { env: {}, clock: new FakeClock() });
    } catch {
      // the values are nonsense; only which names were asked for matters here
    }
    const defaults = Object.fromEntries(Object.entries(metadata.inputs).filter(([, input]) => input.default !== undefined).map(([name, input]) => [name, input.default!]));
    expect(defaults).toEqual({
      'allow-empty': 'false',
      force: 'false',
      'max-parallel': '5',
      'max-parallel-per-cluster': '1',
      wait: 'true',
      timeout: '90m',
      'fail-fast': 'true',
      'dry-run': 'false',
    });
    // The defaults as the runner passes them parse to the same settings as leaving the inputs out.
    expect(parse({ ...base, ...defaults })).toEqual(parse(base));
    expect(Object.keys(metadata.outputs).sort()).toEqual(['failed', 'skipped', 'updated']);
    expect(metadata.runs).toEqual({ using: 'node24', main: '../../dist/rollout-nodegroups/index.js' });
  });
});
