import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { InputReader } from '../../../src/core/inputs.js';
import { parseBuildHardenAmiInputs } from '../../../src/actions/build-harden-ami/inputs.js';
import { NODE_OS_PROFILES } from '../../../src/imagebuilder/node-os.js';

interface BadInputs {
  valid: Record<string, string>;
  cases: { name: string; inputs?: Record<string, string>; unset?: string[]; from?: 'nothing'; message: string }[];
}
const fixture = parse(readFileSync('test/fixtures/imagebuilder/bad-inputs.yaml', 'utf8')) as BadInputs;
const metadata = parse(readFileSync('actions/build-harden-ami/action.yml', 'utf8')) as {
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs: Record<string, unknown>;
};

const reader = (values: Record<string, string>) => new InputReader(new Map(Object.entries(values)));
const parseWith = (values: Record<string, string>, env: NodeJS.ProcessEnv = {}) => parseBuildHardenAmiInputs(reader(values), { env });

describe('build-harden-ami bad inputs (test/fixtures/imagebuilder/bad-inputs.yaml)', () => {
  test('there are at least 12 cases and the valid base parses', () => {
    expect(fixture.cases.length).toBeGreaterThanOrEqual(12);
    expect(() => parseWith(fixture.valid)).not.toThrow();
  });
  test.each(fixture.cases.map((item) => [item.name, item] as const))('%s', (_name, item) => {
    const values: Record<string, string> = item.from === 'nothing' ? {} : { ...fixture.valid };
    for (const name of item.unset ?? []) delete values[name];
    Object.assign(values, item.inputs ?? {});
    expect(() => parseWith(values)).toThrow(item.message);
    // toThrow matches substrings; the message must be the whole line.
    try {
      parseWith(values);
    } catch (error) {
      expect((error as Error).message).toBe(item.message);
      expect((error as Error).name).toBe('ConfigurationError');
    }
  });
});

describe('build-harden-ami settings', () => {
  test('the defaults: AL2023, x86_64, the EKS-optimized AMI parameter, the OS skip-tags, no gate, 120 minutes', () => {
    const settings = parseWith(fixture.valid);
    expect(settings).toEqual({
      mode: 'build',
      region: 'us-east-1',
      wait: true,
      timeoutMs: 120 * 60_000,
      pipelineName: 'drydock-eks-al2023-1-31-x86_64',
      pipeline: {
        kind: 'ensure',
        parent: { kind: 'parameter', name: '/aws/service/eks/optimized-ami/1.31/amazon-linux-2023/x86_64/standard/recommended/image_id' },
        definition: {
          name: 'drydock-eks-al2023-1-31-x86_64',
          os: 'al2023',
          architecture: 'x86_64',
          kubernetesVersion: '1.31',
          hardening: {
            roleVersion: { kind: 'tag', name: '1.0.1' },
            auditVersion: { kind: 'tag', name: '1.0.0' },
            ansibleArguments: NODE_OS_PROFILES.al2023.defaultAnsibleArguments,
            auditMinScore: 0,
          },
          infrastructure: { instanceTypes: ['t3.large'], instanceProfile: 'drydock-image-builder', securityGroupIds: [], terminateOnFailure: true },
          distribution: { amiNameTemplate: 'drydock-eks-{os}-{kubernetes}-{arch}-cis-{date}', regions: ['us-east-1'], launchPermissionAccounts: [], amiTags: {} },
          imageScanning: false,
        },
      },
    });
  });

  test('everything set: AL2 on arm64, overrides, infrastructure and distribution', () => {
    const settings = parseWith({
      ...fixture.valid,
      os: 'al2',
      architecture: 'arm64',
      'kubernetes-version': '1.30',
      'pipeline-name': 'hardened_nodes',
      'cis-role-version': '4c6ad09037a879818e857806504ab6670d99fc75',
      'ansible-extra-args': `--skip-tags 'rule_6.2.11' -e '{"amazon2cis_firewall":"external"}' -vv`,
      'audit-min-score': '85',
      'audit-report-bucket': 'audit-reports',
      'instance-types': 'm7g.large\nt4g.large',
      'instance-profile': 'arn:aws:iam::123456789012:instance-profile/builders/drydock-image-builder',
      'subnet-id': 'subnet-0123456789abcdef0',
      'security-group-ids': 'sg-0123456789abcdef0,sg-0123456789abcdef1',
      'terminate-on-failure': 'false',
      'ami-name': 'eks-{os}-{kubernetes}-{arch}-cis-{cis}-{date}-{build}',
      'distribution-regions': 'eu-west-1, us-east-1, eu-west-1',
      'launch-permission-accounts': '111122223333',
      'ami-tags': 'team=platform\ncost-center = 42',
      'enable-image-scanning': 'true',
      wait: 'false',
      timeout: '3h',
    });
    if (settings.mode !== 'build' || settings.pipeline.kind !== 'ensure') throw new Error('expected a build that ensures the pipeline');
    expect(settings.pipeline.parent).toEqual({ kind: 'parameter', name: '/aws/service/eks/optimized-ami/1.30/amazon-linux-2-arm64/recommended/image_id' });
    expect(settings.wait).toBe(false);
    expect(settings.timeoutMs).toBe(3 * 3_600_000);
    expect(settings.pipeline.definition).toEqual({
      name: 'hardened_nodes',
      os: 'al2',
      architecture: 'arm64',
      kubernetesVersion: '1.30',
      hardening: {
        roleVersion: { kind: 'commit', sha: '4c6ad09037a879818e857806504ab6670d99fc75' },
        auditVersion: { kind: 'tag', name: '1.0.0' },
        ansibleArguments: ['--skip-tags', 'rule_6.2.11', '-e', '{"amazon2cis_firewall":"external"}', '-vv'],
        auditMinScore: 85,
        auditReportBucket: 'audit-reports',
      },
      infrastructure: {
        instanceTypes: ['m7g.large', 't4g.large'],
        instanceProfile: 'drydock-image-builder',
        subnetId: 'subnet-0123456789abcdef0',
        securityGroupIds: ['sg-0123456789abcdef0', 'sg-0123456789abcdef1'],
        terminateOnFailure: false,
      },
      distribution: {
        amiNameTemplate: 'eks-{os}-{kubernetes}-{arch}-cis-{cis}-{date}-{build}',
        regions: ['us-east-1', 'eu-west-1'],
        launchPermissionAccounts: ['111122223333'],
        amiTags: { team: 'platform', 'cost-center': '42' },
      },
      imageScanning: true,
    });
  });

  test('an existing pipeline in build mode needs nothing else, and the region may come from the environment', () => {
    const arn = 'arn:aws:imagebuilder:eu-west-1:123456789012:image-pipeline/hardened-eks';
    expect(parseWith({ 'pipeline-arn': arn }, { AWS_REGION: 'eu-west-1' })).toEqual({
      mode: 'build',
      region: 'eu-west-1',
      wait: true,
      timeoutMs: 120 * 60_000,
      pipelineName: 'hardened-eks',
      pipeline: { kind: 'existing', arn },
    });
  });

  test('check mode: the current parent from os/version/arch, or a parameter; build-only inputs are not required', () => {
    const arn = 'arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/hardened-eks';
    expect(parseWith({ mode: 'check', region: 'us-east-1', 'pipeline-arn': arn, 'kubernetes-version': '1.31', architecture: 'arm64' })).toMatchObject({
      mode: 'check',
      pipelineName: 'hardened-eks',
      pipelineArn: arn,
      parent: { kind: 'parameter', name: '/aws/service/eks/optimized-ami/1.31/amazon-linux-2023/arm64/standard/recommended/image_id' },
    });
    expect(parseWith({ mode: 'check', region: 'us-east-1', 'parent-image-parameter': '/team/base-ami', 'pipeline-name': 'nodes' })).toEqual({
      mode: 'check',
      region: 'us-east-1',
      pipelineName: 'nodes',
      parent: { kind: 'parameter', name: '/team/base-ami' },
    });
  });

  test('ami-tags: one tag per line, so values may contain commas; the value limit counts the value, not the spaces around =', () => {
    const tagsOf = (text: string) => {
      const settings = parseWith({ ...fixture.valid, 'ami-tags': text });
      if (settings.mode !== 'build' || settings.pipeline.kind !== 'ensure') throw new Error('expected a build that ensures the pipeline');
      return settings.pipeline.definition.distribution.amiTags;
    };
    expect(tagsOf('Owner=team-a, team-b\nPurpose = eks nodes, hardened\n\n')).toEqual({ Owner: 'team-a, team-b', Purpose: 'eks nodes, hardened' });
    expect(tagsOf(`notes = ${'v'.repeat(256)}`)).toEqual({ notes: 'v'.repeat(256) });
    expect(() => tagsOf(`notes=${'v'.repeat(257)}`)).toThrow(
      `Input 'ami-tags': 'notes=${'v'.repeat(257)}' is not a key=value tag. Write one tag per line as key=value (keys up to 128, values up to 256 characters).`,
    );
  });

  test('ami-tags: a key given twice is refused, as notation-sign refuses a repeated annotation (EC2 would keep one silently)', () => {
    expect(() => parseWith({ ...fixture.valid, 'ami-tags': 'Owner=team-a\nOwner = team-b' })).toThrow(
      "Input 'ami-tags': 'Owner = team-b' sets 'Owner' a second time. Give every key once.",
    );
  });

  test('ami-tags: keys take what Image Builder takes; 44 tags fit beside drydock\'s 6, 45 do not', () => {
    const tagsOf = (text: string) => {
      const settings = parseWith({ ...fixture.valid, 'ami-tags': text });
      if (settings.mode !== 'build' || settings.pipeline.kind !== 'ensure') throw new Error('expected a build that ensures the pipeline');
      return settings.pipeline.definition.distribution.amiTags;
    };
    expect(tagsOf('Cost Center/team_a:b.c+d-e@f = x\nawsome=y')).toEqual({ 'Cost Center/team_a:b.c+d-e@f': 'x', awsome: 'y' });
    const lines = (count: number) => Array.from({ length: count }, (_, index) => `tag${index}=v`).join('\n');
    expect(Object.keys(tagsOf(lines(44)))).toHaveLength(44);
    expect(() => tagsOf(lines(45))).toThrow("Input 'ami-tags' sets 45 tags, but an AMI takes at most 50 and drydock adds 6 of its own. Give at most 44.");
  });

  test('ami-tags: keys that are names of Object.prototype are ordinary keys', () => {
    const settings = parseWith({ ...fixture.valid, 'ami-tags': 'constructor=a\ntoString=b\n__proto__=c' });
    if (settings.mode !== 'build' || settings.pipeline.kind !== 'ensure') throw new Error('expected a build that ensures the pipeline');
    expect(Object.entries(settings.pipeline.definition.distribution.amiTags)).toEqual([['constructor', 'a'], ['toString', 'b'], ['__proto__', 'c']]);
  });

  test('ami-name: up to 127 characters as sent to Image Builder, spaces, dots and both build variables allowed', () => {
    const name = `${'x'.repeat(98)}-{date}`;
    expect(parseWith({ ...fixture.valid, 'ami-name': name })).toMatchObject({ pipeline: { definition: { distribution: { amiNameTemplate: name } } } });
    const spaced = 'EKS nodes {kubernetes}.{build} {date}';
    expect(parseWith({ ...fixture.valid, 'ami-name': spaced })).toMatchObject({ pipeline: { definition: { distribution: { amiNameTemplate: spaced } } } });
  });

  test('a pinned parent AMI in build mode', () => {
    expect(parseWith({ ...fixture.valid, 'parent-image': 'ami-0aaaaaaaaaaaaaaaa', os: 'al2', 'kubernetes-version': '1.34' })).toMatchObject({
      pipeline: { kind: 'ensure', parent: { kind: 'ami', id: 'ami-0aaaaaaaaaaaaaaaa' } },
    });
  });
});

describe('actions/build-harden-ami/action.yml', () => {
  test('lists exactly the outputs the issue names', () => {
    expect(Object.keys(metadata.outputs).sort()).toEqual(
      ['ami-id', 'ami-ids', 'audit-score', 'built-from-parent-ami', 'current-parent-ami', 'findings', 'image-arn', 'latest-ami-id', 'parent-ami-id', 'stale'].sort(),
    );
  });

  test('every input is read by the parser, and nothing else is', () => {
    const inputs = reader(fixture.valid);
    parseBuildHardenAmiInputs(inputs, { env: {} });
    const requested = (inputs as unknown as { requested: Set<string> }).requested;
    expect([...requested].sort()).toEqual(Object.keys(metadata.inputs).sort());
  });

  test('declared defaults equal the parser defaults; inputs that only shape the managed pipeline declare none', () => {
    const withDefaults = Object.entries(metadata.inputs).filter(([, input]) => input.default !== undefined);
    expect(Object.fromEntries(withDefaults.map(([name, input]) => [name, input.default]))).toEqual({ mode: 'build', wait: 'true', timeout: '120m' });
    const explicit = Object.fromEntries(withDefaults.map(([name, input]) => [name, input.default!]));
    expect(parseWith({ ...fixture.valid, ...explicit })).toEqual(parseWith(fixture.valid));
    // As a runner would pass them: with the declared defaults filled in, an existing pipeline still parses.
    const arn = 'arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/hardened-eks';
    expect(() => parseWith({ ...explicit, region: 'us-east-1', 'pipeline-arn': arn })).not.toThrow();
    expect(Object.values(metadata.inputs).every((input) => input.required !== true)).toBe(true);
  });
});
