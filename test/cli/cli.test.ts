import { spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { closeSync, openSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CliInputs, CliUsageError, parseCliArguments, runCli, type CliHost } from '../../src/cli.js';
import { tolerantStream } from '../../src/cli-main.js';
import { parseAdmissionPolicyInputs } from '../../src/actions/admission-policy/inputs.js';
import { parseBuildHardenAmiInputs } from '../../src/actions/build-harden-ami/inputs.js';
import { parseDeployAksOrEksInputs } from '../../src/actions/deploy-aks-or-eks/inputs.js';
import { SecretSet } from '../../src/core/secrets.js';
import { tempDir } from '../support/temp-dir.js';

const root = path.resolve(import.meta.dirname, '../..');

function host(env: NodeJS.ProcessEnv = {}, cwd = root) {
  let out = '';
  let err = '';
  const value: CliHost = {
    out: { write: (text: string) => (out += text) },
    err: { write: (text: string) => (err += text) },
    env,
    cwd,
    actionsDir: path.join(root, 'actions'),
  };
  return { host: value, out: () => out, err: () => err };
}

describe('parseCliArguments', () => {
  test.each([
    [['--repository', 'app', '--image=oci:./x'], { repository: 'app', image: 'oci:./x' }],
    [['--tags', 'a', '--tags', 'b'], { tags: 'a\nb' }],
    [['--lifecycle-policy={"rules":[]}'], { 'lifecycle-policy': '{"rules":[]}' }],
    [['--empty='], { empty: '' }],
  ])('%p', (args, expected) => {
    expect(Object.fromEntries(parseCliArguments(args))).toEqual(expected);
  });
  test.each([
    [['app'], "unexpected argument 'app'; inputs are written --<input> <value>"],
    [['--repository'], 'input --repository needs a value'],
    [['--repository', '--image', 'x'], 'input --repository needs a value'],
  ])('rejects %p', (args, message) => {
    expect(() => parseCliArguments(args)).toThrow(new CliUsageError(message));
  });
  test('a value may start with -- unless it names another input of the action', () => {
    const names = new Set(['ansible-extra-args', 'region']);
    expect(Object.fromEntries(parseCliArguments(['--ansible-extra-args', '--skip-tags rule_1.1.1', '--region', 'eu-west-1'], names))).toEqual({
      'ansible-extra-args': '--skip-tags rule_1.1.1',
      region: 'eu-west-1',
    });
    expect(() => parseCliArguments(['--ansible-extra-args', '--region', 'eu-west-1'], names)).toThrow(new CliUsageError('input --ansible-extra-args needs a value'));
    expect(() => parseCliArguments(['--ansible-extra-args', '--region=eu-west-1'], names)).toThrow(new CliUsageError('input --ansible-extra-args needs a value'));
  });
});

describe('repeated flags of list inputs, read through another parser or only checked for presence', () => {
  const cliReader = (args: string[]) => {
    const raw = parseCliArguments(args);
    return new CliInputs(raw, raw.repeats, root);
  };
  const PROFILE_A = 'arn:aws:signer:us-east-1:123456789012:/signing-profiles/a';
  const PROFILE_B = 'arn:aws:signer:us-east-1:123456789012:/signing-profiles/b';

  test('build-harden-ami takes --instance-types twice', () => {
    const args = ['--region', 'us-east-1', '--kubernetes-version', '1.31', '--cis-role-version', '1.0.1', '--cis-audit-version', '1.0.0', '--instance-profile', 'p'];
    const settings = parseBuildHardenAmiInputs(cliReader([...args, '--instance-types', 'm5.large', '--instance-types', 'm6i.large']), { env: {} });
    expect(settings.mode === 'build' && settings.pipeline.kind === 'ensure' && settings.pipeline.definition.infrastructure.instanceTypes).toEqual(['m5.large', 'm6i.large']);
  });

  test('deploy-aks-or-eks and admission-policy take --trusted-identities twice, as verify-signature does', () => {
    const deploy = parseDeployAksOrEksInputs(
      cliReader(['--target', 'kubeconfig', '--kubeconfig', 'test/fixtures/kube/azure/local-user-kubeconfig.yaml', '--manifests', 'test/fixtures/kube/shop', '--verify-images', 'true', '--trusted-identities', PROFILE_A, '--trusted-identities', PROFILE_B]),
      { secrets: new SecretSet(), env: {} },
    );
    expect(deploy.verification?.trustPolicy.statements[0]!.trustedIdentities).toEqual([PROFILE_A, PROFILE_B]);
    const admission = parseAdmissionPolicyInputs(cliReader(['--engine', 'kyverno', '--trusted-identities', PROFILE_A, '--trusted-identities', PROFILE_B]));
    expect(admission.trustPolicy.statements[0]!.trustedIdentities).toEqual([PROFILE_A, PROFILE_B]);
  });

  test('an input that takes one value is still refused when repeated, also when another parser reads it', () => {
    expect(() => parseAdmissionPolicyInputs(cliReader(['--engine', 'kyverno', '--trust-policy', 'a.json', '--trust-policy', 'b.json']))).toThrow(
      'input --trust-policy is given 2 times, but it takes one value; give it once',
    );
  });
});

describe('a standard stream that fails under the CLI', () => {
  const failingStream = () => {
    const stream = new EventEmitter() as EventEmitter & { written: string[]; write(text: string): boolean };
    stream.written = [];
    stream.write = (text: string) => (stream.written.push(text), true);
    return stream;
  };

  test('a closed pipe (EPIPE) drops the rest of that output silently', () => {
    const stream = failingStream();
    const reports: string[] = [];
    const out = tolerantStream(stream as unknown as NodeJS.WritableStream, 'stdout', (line) => reports.push(line));
    out.write('first\n');
    stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    out.write('second\n');
    expect(stream.written).toEqual(['first\n']);
    expect(reports).toEqual([]);
  });

  test('another write error is said once, and the rest is dropped', () => {
    const stream = failingStream();
    const reports: string[] = [];
    const out = tolerantStream(stream as unknown as NodeJS.WritableStream, 'stdout', (line) => reports.push(line));
    stream.emit('error', Object.assign(new Error('no space'), { code: 'ENOSPC' }));
    stream.emit('error', Object.assign(new Error('no space'), { code: 'ENOSPC' }));
    out.write('lost\n');
    expect(stream.written).toEqual([]);
    expect(reports).toEqual(['drydock: cannot write to stdout (ENOSPC); the rest of its output is dropped\n']);
  });

  test('bin/drydock.js with stdout on a full disk ends with its own exit code, one line on stderr, no stack', () => {
    const full = openSync('/dev/full', 'w');
    try {
      const result = spawnSync(process.execPath, [path.join(root, 'bin/drydock.js'), '--version'], { stdio: ['ignore', full, 'pipe'], encoding: 'utf8' });
      expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: 'drydock: cannot write to stdout (ENOSPC); the rest of its output is dropped\n' });
    } finally {
      closeSync(full);
    }
  });

  test('bin/drydock.js with stdout closed before it writes (| head) exits 0 without a stack trace', async () => {
    const child = spawn(process.execPath, [path.join(root, 'bin/drydock.js'), 'push-ecr', '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
  });
});

describe('runCli inside a GitHub Actions step', () => {
  const keyPem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const keyLines = keyPem.split('\n').filter((line) => line !== '' && !line.startsWith('-----'));
  const signInputs = { INPUT_IMAGES: 'registry.example/team/app:1', INPUT_KEY: keyPem, INPUT_CERTIFICATE_CHAIN: 'no-such-chain.pem' };

  test('announces secrets with ::add-mask:: when GITHUB_ACTIONS is true, as the actions do', async () => {
    const h = host({ ...signInputs, GITHUB_ACTIONS: 'true' });
    expect(await runCli(['notation-sign'], h.host)).toBe(1);
    const masks = h.out().split('\n').filter((line) => line.startsWith('::add-mask::'));
    for (const line of keyLines) expect(masks).toContain(`::add-mask::${line}`);
    const rest = `${h.out().split('\n').filter((line) => !line.startsWith('::add-mask::')).join('\n')}${h.err()}`;
    for (const line of keyLines) expect(rest).not.toContain(line);
    expect(h.err()).toContain("Input 'certificate-chain': 'no-such-chain.pem' is neither PEM certificates nor the path of an existing file");
  });

  test('a secret given as a flag is refused: other processes can read argv; the path of a file holding it is fine', async () => {
    const h = host({ INPUT_IMAGES: 'registry.example/team/app:1', INPUT_CERTIFICATE_CHAIN: 'no-such-chain.pem' });
    expect(await runCli(['notation-sign', '--key', keyPem], h.host)).toBe(1);
    expect(h.err()).toBe(
      "error: Input 'key' was given on the command line, where other processes on this machine can read it. Set the INPUT_KEY environment variable instead, or give the path of a file holding it.\n",
    );
    for (const line of keyLines) expect(`${h.out()}${h.err()}`).not.toContain(line);
    const credentials = host({ INPUT_MANIFESTS: 'app.yaml', INPUT_CLUSTER_NAME: 'shop', INPUT_RESOURCE_GROUP: 'rg' });
    expect(await runCli(['deploy-aks-or-eks', '--target', 'aks', '--azure-credentials', '{"clientSecret":"s3cr3t-value"}'], credentials.host)).toBe(1);
    expect(credentials.err()).toContain("error: Input 'azure-credentials' was given on the command line");
    expect(credentials.err()).not.toContain('s3cr3t-value');

    const dir = tempDir('cli-key-file');
    writeFileSync(path.join(dir, 'signing.key'), keyPem);
    const fromFile = host({ INPUT_IMAGES: 'registry.example/team/app:1', INPUT_CERTIFICATE_CHAIN: 'no-such-chain.pem' }, dir);
    expect(await runCli(['notation-sign', '--key', 'signing.key'], fromFile.host)).toBe(1);
    expect(fromFile.err()).toContain("Input 'certificate-chain': 'no-such-chain.pem' is neither PEM certificates nor the path of an existing file");
  });

  test('prints no mask command anywhere else, where it would show the secret itself', async () => {
    const h = host({ ...signInputs, GITHUB_OUTPUT: path.join(tempDir('cli-output'), 'output') });
    expect(await runCli(['notation-sign'], h.host)).toBe(1);
    expect(h.out()).not.toContain('::add-mask::');
    for (const line of keyLines) expect(`${h.out()}${h.err()}`).not.toContain(line);
  });
});

describe('runCli', () => {
  test('--help lists the actions with their descriptions', async () => {
    const h = host();
    expect(await runCli(['--help'], h.host)).toBe(0);
    expect(h.out()).toMatch(/^ {2}push-ecr +Ensure an Amazon ECR repository/m);
    expect(h.out()).toMatch(/^Commands:\n {2}admission-policy +Render the Kyverno/m);
  });
  test('<action> --help lists inputs from action.yml', async () => {
    const h = host();
    expect(await runCli(['push-ecr', '--help'], h.host)).toBe(0);
    expect(h.out()).toContain('  --repository (required)\n      ECR repository name');
    expect(h.out()).toContain('  --concurrency (default: 4)');
    expect(h.out()).toContain('  image-uri: ');
  });
  test('a CLI-only command has --help from its own metadata', async () => {
    const h = host();
    expect(await runCli(['admission-policy', '--help'], h.host)).toBe(0);
    expect(h.out()).toContain('  --engine (required)\n      kyverno (with the kyverno-notation-aws extension) or ratify.');
  });
  test('an unknown action is one line and exit 1', async () => {
    const h = host();
    expect(await runCli(['push-ecs'], h.host)).toBe(1);
    expect(h.err()).toBe("error: unknown action 'push-ecs'. Run drydock --help for the list.\n");
  });
  test('a bad input is one line naming the input, and exit 1', async () => {
    const h = host({ AWS_REGION: 'us-east-1' });
    expect(await runCli(['push-ecr', '--repository', 'Team/App', '--image', 'oci:./x'], h.host)).toBe(1);
    expect(h.err()).toBe(
      "error: Input 'repository': 'Team/App' is not a valid repository name: the repository name 'Team/App' must be lower case. Use lower-case path components separated by '/', e.g. 'team/app'.\n",
    );
  });
  test('inputs not on the command line come from INPUT_ variables (a secret stays out of argv); flags win', async () => {
    // verify-signature stops at the first bad input it reads, and the message names it: which input it read shows.
    const fromEnv = host({ INPUT_IMAGES: 'registry.example/team/app:1', INPUT_TRUSTED_IDENTITIES: 'not-an-identity' });
    expect(await runCli(['verify-signature'], fromEnv.host)).toBe(1);
    expect(fromEnv.err()).toMatch(/^error: Input 'trusted-identities': 'not-an-identity' /);
    const flagWins = host({ INPUT_IMAGES: 'registry.example/team/app:1' });
    expect(await runCli(['verify-signature', '--images', 'registry.example/team/app'], flagWins.host)).toBe(1);
    expect(flagWins.err()).toMatch(/^error: Input 'images': 'registry.example\/team\/app' names neither a tag nor a digest/);
  });
  test.each([
    [['rollout-nodegroups', '--dryrun', 'true', '--ami-id', 'ami-0123456789abcdef0', '--clusters', 'blue'], 'error: unknown input --dryrun for rollout-nodegroups; did you mean --dry-run?\n'],
    [['push-ecr', '--repo', 'team/app', '--image', 'oci:./x'], 'error: unknown input --repo for push-ecr; did you mean --repository?\n'],
    [['push-ecr', '--repository', 'team/app', '--image=oci:./x', '--tag', '1.0'], 'error: unknown input --tag for push-ecr; did you mean --tags?\n'],
    [['rollout-nodegroups', '--ami-idd', 'ami-0123456789abcdef0'], 'error: unknown input --ami-idd for rollout-nodegroups; did you mean --ami-id or --ami-ids?\n'],
    [['push-ecr', '--zzz', '1'], 'error: unknown input --zzz for push-ecr; drydock push-ecr --help lists its inputs\n'],
    [
      ['push-ecr', '--repo', 'team/app', '--imgae', 'oci:./x', '--zzz', '1'],
      'error: unknown inputs for push-ecr: --repo (did you mean --repository?), --imgae (did you mean --image?), --zzz; drydock push-ecr --help lists its inputs\n',
    ],
    [['admission-policy', '--engin', 'kyverno'], 'error: unknown input --engin for admission-policy; did you mean --engine?\n'],
  ])('an unknown flag %p is an error before anything runs', async (args, message) => {
    // Should the check be missing, the action would run (a rollout with --dryrun ignored): the SDK reads process.env,
    // so that is where it is kept from any real AWS account, pointed at a closed loopback port with no credentials.
    const saved = process.env;
    process.env = { AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' };
    try {
      const h = host({ AWS_REGION: 'us-east-1' });
      expect(await runCli(args, h.host)).toBe(1);
      expect(h.err()).toBe(message);
      expect(h.out()).toBe('');
    } finally {
      process.env = saved;
    }
  });
  test('an unknown INPUT_ variable is not a flag: still only a warning', async () => {
    const h = host({ INPUT_IMAGES: 'registry.example/team/app:1', INPUT_TRUSTED_IDENTITIES: 'not-an-identity', INPUT_UNRELATED: 'x' });
    expect(await runCli(['verify-signature'], h.host)).toBe(1);
    expect(h.err()).toMatch(/^error: Input 'trusted-identities': 'not-an-identity' [^\n]*\n$/);
  });
  test('a repeated flag for an input that takes one value is an error, one line', async () => {
    const h = host({ AWS_REGION: 'us-east-1' });
    expect(await runCli(['push-ecr', '--repository', 'a', '--repository', 'b', '--image', 'oci:./x'], h.host)).toBe(1);
    expect(h.err()).toBe('error: input --repository is given 2 times, but it takes one value; give it once\n');
  });
  test('a repeated secret input is refused too', async () => {
    const h = host();
    expect(await runCli(['notation-sign', '--images', 'registry.example/team/app:1', '--key', 'a', '--key', 'b', '--certificate-chain', 'c'], h.host)).toBe(1);
    expect(h.err()).toBe('error: input --key is given 2 times, but it takes one value; give it once\n');
  });
  test('a repeated flag for a list input adds entries', async () => {
    // Both images are read (the list is fine), so the run stops at the next input, the bad identity.
    const h = host();
    expect(await runCli(['verify-signature', '--images', 'registry.example/team/app:1', '--images', 'registry.example/team/app', '--trusted-identities', 'x'], h.host)).toBe(1);
    expect(h.err()).toBe(
      "error: Input 'images': 'registry.example/team/app' names neither a tag nor a digest. Add :<tag> or @sha256:<digest>, such as 'registry.example/team/app:1.2.3'; drydock does not assume 'latest'.\n",
    );
  });
  test('a malformed argument list is one line and exit 1', async () => {
    const h = host();
    expect(await runCli(['push-ecr', 'oops'], h.host)).toBe(1);
    expect(h.err()).toBe("error: unexpected argument 'oops'; inputs are written --<input> <value>\n");
  });
});
