import { readFileSync } from 'node:fs';
import { executeAction, reportStopped } from '../../../src/core/action.js';
import { InputReader } from '../../../src/core/inputs.js';
import { createBuildHardenAmi } from '../../../src/actions/build-harden-ami/main.js';
import { FakeClock } from '../../support/fake-clock.js';
import { awsError } from '../../support/errors.js';
import { testContext } from '../../support/context.js';
import { FakeImageBuilder, type BuildPlan } from '../../imagebuilder/fake-image-builder.js';
import { defaultParentWorld, fakeParentClients, type ParentWorld } from '../../imagebuilder/parent-clients.js';

// Image Builder is not in moto, so the action runs against the Image Builder double, with SSM and EC2 doubles too;
// test/imagebuilder/integration/ runs SSM and EC2 against moto.
const MINUTE = 60_000;
/** The outputs of a build that started but produced no image: not waited for, timed out or cancelled. */
const STARTED_ONLY = {
  'image-arn': 'arn:aws:imagebuilder:us-east-1:123456789012:image/drydock-eks-al2023-1-31-x86_64/1.0.0/1',
  'ami-id': '',
  'ami-ids': '',
  'parent-ami-id': 'ami-0aaaaaaaaaaaaaaaa',
  'audit-score': '',
  findings: '',
};
const HARDENED = 'ami-0123456789abcdef0';
const BASE = {
  region: 'us-east-1',
  'kubernetes-version': '1.31',
  'cis-role-version': '1.0.1',
  'cis-audit-version': '1.0.0',
  'instance-profile': 'drydock-image-builder',
  'audit-min-score': '80',
};
const AUDIT = { score: 91.5, passed: 183, failed: 17, skipped: 9, total: 209, minimum: 80, benchmark: 'AMAZON2023-CIS', auditVersion: '1.0.0' };

function harness(world: ParentWorld = defaultParentWorld()) {
  const { context, lines, outputs, errors } = testContext();
  const clock = context.clock as FakeClock;
  const fake = new FakeImageBuilder(clock);
  const parents = fakeParentClients(world);
  const action = createBuildHardenAmi(() => ({ imagebuilder: fake.client, ...parents }));
  const run = (inputs: Record<string, string>, signal?: AbortSignal) =>
    executeAction(action, new InputReader(new Map(Object.entries(inputs))), signal ? { ...context, signal } : context);
  const info = () => lines.filter((line) => line.level === 'info').map((line) => line.message);
  return { fake, world, run, outputs, errors, info, lines, clock, action, context };
}

describe('build-harden-ami build', () => {
  test('the build it started is recorded for the summary of a step stopped by a second signal', async () => {
    const h = harness();
    h.fake.plans.push({ timeline: [{ status: 'PENDING', atMs: 0 }, { status: 'AVAILABLE', atMs: 50 * MINUTE }], amis: { 'us-east-1': HARDENED } });
    // The run itself, without executeAction's own summary write, as when the process is stopped before it.
    const settings = h.action.parse(new InputReader(new Map(Object.entries({ ...BASE, wait: 'false' }))), h.context);
    await h.action.run(settings, h.context);
    h.lines.length = 0;
    reportStopped(h.context, 'SIGTERM');
    const imageArn = 'arn:aws:imagebuilder:us-east-1:123456789012:image/drydock-eks-al2023-1-31-x86_64/1.0.0/1';
    const changes = h.lines[1]!.message.split('\n== Changed before it stopped ==\n')[1]!.split('\n');
    // The resources ensuring created, each as it was made, then the build.
    expect(changes).toEqual([
      expect.stringMatching(/^  \* Image Builder component drydock-.* 1\.0\.0 created$/),
      expect.stringMatching(/^  \* Image Builder image recipe drydock-.* 1\.0\.0 created$/),
      expect.stringMatching(/^  \* Image Builder infrastructure configuration drydock-.* created$/),
      expect.stringMatching(/^  \* Image Builder distribution configuration drydock-.* created$/),
      expect.stringMatching(/^  \* Image Builder image pipeline drydock-.* created$/),
      `  * image build ${imageArn} started in us-east-1`,
    ]);
  });

  test('ensures the pipeline, builds, waits and reports the AMI, the parent, the audit score and the resources', async () => {
    const h = harness();
    h.fake.plans.push({ timeline: [{ status: 'PENDING', atMs: 0 }, { status: 'BUILDING', atMs: MINUTE }, { status: 'AVAILABLE', atMs: 50 * MINUTE }], amis: { 'us-east-1': HARDENED } });
    h.world.parameters.set(`/drydock/cis-audit/${HARDENED}`, JSON.stringify(AUDIT));
    expect(await h.run(BASE)).toBe(0);
    expect(h.errors()).toEqual([]);
    const imageArn = 'arn:aws:imagebuilder:us-east-1:123456789012:image/drydock-eks-al2023-1-31-x86_64/1.0.0/1';
    expect(Object.fromEntries(h.outputs)).toEqual({
      'image-arn': imageArn,
      'ami-id': HARDENED,
      'ami-ids': JSON.stringify({ 'us-east-1': HARDENED }),
      'parent-ami-id': 'ami-0aaaaaaaaaaaaaaaa',
      'audit-score': '91.5',
      findings: '',
    });
    const summary = h.info().at(-1)!;
    expect(summary).toContain('== build-harden-ami: drydock-eks-al2023-1-31-x86_64 ==');
    expect(summary).toContain(`${imageArn} is AVAILABLE after 50m`);
    expect(summary).toContain('Parent AMI: ami-0aaaaaaaaaaaaaaaa (amazon-eks-node-al2023-x86_64-standard-1.31-v20260101), from /aws/service/eks/optimized-ami/1.31/amazon-linux-2023/x86_64/standard/recommended/image_id.');
    expect(summary).toMatch(/Region\s+AMI\n-+\s+-+\nus-east-1\s+ami-0123456789abcdef0/);
    expect(summary).toMatch(/AMAZON2023-CIS\s+1\.0\.0\s+91\.5%\s+183\s+17\s+9\s+80%/);
    expect(summary).toMatch(/image recipe\s+drydock-eks-al2023-1-31-x86_64\s+1\.0\.0\s+created/);
  });

  test('a second run with the same inputs changes no Image Builder resource and says so', async () => {
    const h = harness();
    expect(await h.run(BASE)).toBe(0);
    h.fake.sent.length = 0;
    expect(await h.run(BASE)).toBe(0);
    expect(h.fake.creations()).toEqual([]);
    expect(h.info().at(-1)).toContain('Nothing changed: every resource matched the inputs.');
    expect(h.outputs.get('image-arn')).toMatch(/\/1\.0\.0\/2$/);
  });

  test('a failed build fails the step with the reason and the logs, sets image-arn and audit-score, and never its AMI', async () => {
    const h = harness();
    const reason = "Image Builder's test phase failed: component drydock-eks-al2023-1-31-x86_64-cis-hardening step RunCisAudit exited 1";
    h.fake.plans.push({
      timeline: [{ status: 'PENDING', atMs: 0 }, { status: 'BUILDING', atMs: MINUTE }, { status: 'TESTING', atMs: 30 * MINUTE }, { status: 'FAILED', atMs: 40 * MINUTE, reason }],
      amis: { 'us-east-1': HARDENED },
    });
    h.world.parameters.set(`/drydock/cis-audit/${HARDENED}`, JSON.stringify({ ...AUDIT, score: 61.2 }));
    expect(await h.run(BASE)).toBe(1);
    expect(h.errors()).toEqual([
      `ImageBuildFailedError: The image build ended FAILED: ${reason}. Logs: CloudWatch Logs group /aws/imagebuilder/drydock-eks-al2023-1-31-x86_64, stream 1.0.0/1.`,
    ]);
    // The AMI exists (the audit ran on it), but an image that failed its audit must not reach a later rollout step.
    expect(Object.fromEntries(h.outputs)).toEqual({ ...STARTED_ONLY, 'audit-score': '61.2' });
    const summary = h.info().at(-1)!;
    expect(summary).toMatch(/AMAZON2023-CIS\s+1\.0\.0\s+61\.2%/);
    expect(summary).not.toContain(HARDENED);
  });

  test('distributed to several regions: ami-id is the build region\'s AMI, ami-ids has every region', async () => {
    const h = harness();
    const copy = 'ami-0e0e0e0e0e0e0e0e0';
    // The copy listed first, as Image Builder may list it.
    h.fake.plans.push({ timeline: [{ status: 'AVAILABLE', atMs: 50 * MINUTE }], amis: { 'eu-west-1': copy, 'us-east-1': HARDENED } });
    expect(await h.run({ ...BASE, 'distribution-regions': 'eu-west-1' })).toBe(0);
    expect(h.outputs.get('ami-id')).toBe(HARDENED);
    expect(JSON.parse(h.outputs.get('ami-ids')!)).toEqual({ 'us-east-1': HARDENED, 'eu-west-1': copy });
  });

  test('wait: false returns after starting, with image-arn and parent-ami-id only', async () => {
    const h = harness();
    expect(await h.run({ ...BASE, wait: 'false' })).toBe(0);
    expect(h.fake.count('GetImage')).toBe(0);
    expect(Object.fromEntries(h.outputs)).toEqual(STARTED_ONLY);
  });

  test('with scanning on, the findings are counted by severity', async () => {
    const h = harness();
    const plan: BuildPlan = { timeline: [{ status: 'PENDING', atMs: 0 }, { status: 'AVAILABLE', atMs: 45 * MINUTE }], findings: { all: 23, critical: 0, high: 2, medium: 7 } };
    h.fake.plans.push(plan);
    expect(await h.run({ ...BASE, 'enable-image-scanning': 'true' })).toBe(0);
    expect(h.outputs.get('findings')).toBe('{"critical":0,"high":2,"medium":7,"all":23}');
    expect(h.info().at(-1)).toMatch(/Critical\s+High\s+Medium\s+All\n[- ]+\n0\s+2\s+7\s+23/);
  });

  test('findings that cannot be read are a warning: the built AMI is still reported, with its summary, and the step passes', async () => {
    const h = harness();
    h.fake.plans.push({ timeline: [{ status: 'PENDING', atMs: 0 }, { status: 'AVAILABLE', atMs: 45 * MINUTE }], amis: { 'us-east-1': HARDENED }, findings: { all: 3, critical: 1, high: 1, medium: 1 } });
    h.world.parameters.set(`/drydock/cis-audit/${HARDENED}`, JSON.stringify(AUDIT));
    h.fake.beforeCommand = (command) => {
      if (command === 'ListImageScanFindingAggregations') throw awsError('ThrottlingException', 'Rate exceeded');
    };
    expect(await h.run({ ...BASE, 'enable-image-scanning': 'true' })).toBe(0);
    expect(h.errors()).toEqual([]);
    const imageArn = 'arn:aws:imagebuilder:us-east-1:123456789012:image/drydock-eks-al2023-1-31-x86_64/1.0.0/1';
    expect(h.lines.filter((line) => line.level === 'warning').map((line) => line.message)).toEqual([
      `ListImageScanFindingAggregations for ${imageArn} failed: Rate exceeded. The AMI is built; its Inspector findings are not reported (findings is left empty).`,
    ]);
    expect(Object.fromEntries(h.outputs)).toEqual({
      'image-arn': imageArn,
      'ami-id': HARDENED,
      'ami-ids': JSON.stringify({ 'us-east-1': HARDENED }),
      'parent-ami-id': 'ami-0aaaaaaaaaaaaaaaa',
      'audit-score': '91.5',
      findings: '',
    });
    const summary = h.info().at(-1)!;
    expect(summary).toContain(`${imageArn} is AVAILABLE after 45m`);
    expect(summary).toMatch(/us-east-1\s+ami-0123456789abcdef0/);
    expect(summary).toMatch(/AMAZON2023-CIS\s+1\.0\.0\s+91\.5%/);
    expect(summary).not.toContain('Inspector findings');
  });

  test('when GetImage keeps failing, the build is left running, not cancelled, and the step says how to follow it', async () => {
    const h = harness();
    let polls = 0;
    h.fake.beforeCommand = (command) => {
      if (command === 'GetImage' && ++polls > 4) throw awsError('ExpiredTokenException', 'The security token included in the request is expired');
    };
    expect(await h.run(BASE)).toBe(1);
    const imageArn = STARTED_ONLY['image-arn'];
    const message =
      `GetImage for ${imageArn} failed 3 times in a row: The security token included in the request is expired. drydock stopped waiting but did not cancel the build, which may still be running (state BUILDING when last read). ` +
      `Follow it with 'aws imagebuilder get-image --region us-east-1 --image-build-version-arn ${imageArn}'; stop it with 'aws imagebuilder cancel-image-creation --region us-east-1 --image-build-version-arn ${imageArn}' if it is not wanted. ` +
      'Logs: CloudWatch Logs group /aws/imagebuilder/drydock-eks-al2023-1-31-x86_64, stream 1.0.0/1.';
    expect(h.errors()).toEqual([`ImageStateUnreadableError: ${message}`]);
    expect(h.fake.count('CancelImageCreation')).toBe(0);
    expect(Object.fromEntries(h.outputs)).toEqual(STARTED_ONLY);
    const summary = h.info().at(-1)!;
    expect(summary).toContain('== build-harden-ami: drydock-eks-al2023-1-31-x86_64 ==');
    expect(summary).toContain(message);
    expect(summary).toContain('Parent AMI: ami-0aaaaaaaaaaaaaaaa');
  });

  test('cancelling the workflow cancels the image build', async () => {
    const h = harness();
    const controller = new AbortController();
    let polls = 0;
    h.fake.beforeCommand = (command) => {
      if (command === 'GetImage' && ++polls === 5) controller.abort(new Error('cancelled by SIGINT'));
    };
    expect(await h.run(BASE, controller.signal)).toBe(1);
    expect(h.fake.count('CancelImageCreation')).toBe(1);
    expect(h.errors()[0]).toMatch(
      /^ImageBuildFailedError: The workflow was cancelled after \d+m\d\ds \(state BUILDING\); the image build arn:.* was cancelled too\. Logs: CloudWatch Logs group \/aws\/imagebuilder\/drydock-eks-al2023-1-31-x86_64, stream 1\.0\.0\/1\.$/,
    );
    expect(Object.fromEntries(h.outputs)).toEqual(STARTED_ONLY);
    // The summary says what happened and what drydock had set up, like a failed build's.
    const summary = h.info().at(-1)!;
    expect(summary).toContain('The workflow was cancelled after');
    expect(summary).toContain('Parent AMI: ami-0aaaaaaaaaaaaaaaa');
    expect(summary).toMatch(/Image Builder resources/);
  });

  test('a cancel Image Builder refuses fails the step saying the build is still running, and how to stop it', async () => {
    const h = harness();
    const controller = new AbortController();
    let polls = 0;
    h.fake.beforeCommand = (command) => {
      if (command === 'GetImage' && ++polls === 5) controller.abort(new Error('cancelled by SIGINT'));
      if (command === 'CancelImageCreation') throw awsError('AccessDeniedException', 'not authorized to perform: imagebuilder:CancelImageCreation');
    };
    expect(await h.run(BASE, controller.signal)).toBe(1);
    const imageArn = STARTED_ONLY['image-arn'];
    expect(h.errors()[0]).toMatch(
      /^ImageBuildFailedError: The workflow was cancelled after \d+m\d\ds \(state BUILDING\), but the image build arn:\S+ could not be cancelled \(not authorized to perform: imagebuilder:CancelImageCreation\) and is still running\. /,
    );
    expect(h.errors()[0]).toContain(`Stop it with 'aws imagebuilder cancel-image-creation --region us-east-1 --image-build-version-arn ${imageArn}' if it is not wanted`);
    expect(Object.fromEntries(h.outputs)).toEqual(STARTED_ONLY);
  });

  test('a build that became AVAILABLE just before the cancel is reported as built', async () => {
    const h = harness();
    const controller = new AbortController();
    let polls = 0;
    h.fake.plans.push({ timeline: [{ status: 'PENDING', atMs: 0 }, { status: 'BUILDING', atMs: MINUTE }, { status: 'AVAILABLE', atMs: 50 * MINUTE }], amis: { 'us-east-1': HARDENED } });
    h.fake.beforeCommand = (command) => {
      if (command === 'GetImage' && ++polls === 5) controller.abort(new Error('cancelled by SIGINT'));
      if (command === 'CancelImageCreation') h.clock.current += 50 * MINUTE;
    };
    expect(await h.run(BASE, controller.signal)).toBe(0);
    expect(h.errors()).toEqual([]);
    expect(h.outputs.get('ami-id')).toBe(HARDENED);
    expect(h.info().at(-1)).toMatch(/is AVAILABLE after/);
  });

  test('a workflow cancelled before the build starts starts none, and fails as a cancelled build does', async () => {
    const h = harness();
    const controller = new AbortController();
    // Cancelled while the pipeline is being ensured: the ensuring finishes, nothing is started.
    h.fake.beforeCommand = (command) => {
      if (command === 'CreateImagePipeline') controller.abort(new Error('cancelled by SIGINT'));
    };
    expect(await h.run(BASE, controller.signal)).toBe(1);
    expect(h.fake.count('StartImagePipelineExecution')).toBe(0);
    expect(h.errors()).toEqual(['ImageBuildFailedError: The workflow was cancelled before the image build started; no build was started.']);
    expect(Object.fromEntries(h.outputs)).toEqual({ 'image-arn': '', 'ami-id': '', 'ami-ids': '', 'parent-ami-id': '', 'audit-score': '', findings: '' });
    const summary = h.info().at(-1)!;
    expect(summary).toContain('The workflow was cancelled before the image build started');
    expect(summary).toMatch(/image pipeline\s+drydock-eks-al2023-1-31-x86_64\s+created/);
  });

  test('a pipeline-arn that does not exist is the user\'s mistake, named as such', async () => {
    const h = harness();
    const arn = 'arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/missing';
    expect(await h.run({ region: 'us-east-1', 'pipeline-arn': arn })).toBe(1);
    expect(h.errors()).toEqual([`Input 'pipeline-arn': '${arn}' does not exist in us-east-1. Check the ARN, or remove pipeline-arn to let drydock create the pipeline.`]);
  });

  test('an existing pipeline is run as it is: nothing ensured, the parent comes from the image', async () => {
    const h = harness();
    await h.run(BASE);
    const pipelineArn = [...h.fake.pipelines.keys()][0]!;
    h.fake.sent.length = 0;
    h.outputs.clear();
    expect(await h.run({ region: 'us-east-1', 'pipeline-arn': pipelineArn, timeout: '90m' })).toBe(0);
    expect(h.fake.sent.filter((name) => !['GetImage', 'StartImagePipelineExecution'].includes(name))).toEqual([]);
    expect(h.outputs.get('parent-ami-id')).toBe('ami-0aaaaaaaaaaaaaaaa');
  });

  test.each([
    ["drydock's hardening component", 'arn:aws:imagebuilder:us-east-1:123456789012:component/eks-nodes-cis-hardening/1.0.0/1', '91.5'],
    ['an AWS component', 'arn:aws:imagebuilder:us-east-1:aws:component/update-linux/1.0.2/1', ''],
    ['a component only named like it', 'arn:aws:imagebuilder:us-east-1:123456789012:component/eks-nodes-cis-hardening-extra/1.0.0/1', ''],
  ])('an existing pipeline whose recipe runs %s: audit-score read accordingly', async (_kind, componentArn, score) => {
    const h = harness();
    await h.run(BASE);
    const pipelineArn = [...h.fake.pipelines.keys()][0]!;
    h.fake.recipes.get(h.fake.pipelines.get(pipelineArn)!.imageRecipeArn!)!.components = [{ componentArn }];
    h.fake.plans.push({ timeline: [{ status: 'AVAILABLE', atMs: 50 * MINUTE }], amis: { 'us-east-1': HARDENED } });
    h.world.parameters.set(`/drydock/cis-audit/${HARDENED}`, JSON.stringify(AUDIT));
    h.outputs.clear();
    expect(await h.run({ region: 'us-east-1', 'pipeline-arn': pipelineArn })).toBe(0);
    expect(h.outputs.get('ami-id')).toBe(HARDENED);
    expect(h.outputs.get('audit-score')).toBe(score);
  });

  test.each([
    ['an SSM parameter', 'ssm:/aws/service/eks/optimized-ami/1.31/amazon-linux-2023/x86_64/standard/recommended/image_id'],
    ['an Image Builder image', 'arn:aws:imagebuilder:us-east-1:aws:image/amazon-linux-2023-x86/x.x.x'],
    ['a Marketplace product', 'prod-4a3b2c1d0e9f8g7h6i5j4k3l2'],
  ])('an existing pipeline whose recipe names its parent by %s leaves parent-ami-id empty', async (_kind, parentImage) => {
    const h = harness();
    await h.run(BASE);
    const pipelineArn = [...h.fake.pipelines.keys()][0]!;
    h.fake.recipes.get(h.fake.pipelines.get(pipelineArn)!.imageRecipeArn!)!.parentImage = parentImage;
    h.outputs.clear();
    expect(await h.run({ region: 'us-east-1', 'pipeline-arn': pipelineArn })).toBe(0);
    expect(h.outputs.get('ami-id')).toMatch(/^ami-/);
    expect(h.outputs.get('parent-ami-id')).toBe('');
    const summary = h.info().at(-1)!;
    expect(summary.slice(summary.lastIndexOf('== build-harden-ami'))).not.toContain('Parent AMI');
  });
});

describe('build-harden-ami check', () => {
  const CHECK = { mode: 'check', region: 'us-east-1', 'kubernetes-version': '1.31' };

  test('no pipeline yet: stale, with the current parent', async () => {
    const h = harness();
    expect(await h.run(CHECK)).toBe(0);
    expect(Object.fromEntries(h.outputs)).toEqual({ stale: 'true', 'current-parent-ami': 'ami-0aaaaaaaaaaaaaaaa', 'built-from-parent-ami': '', 'latest-ami-id': '' });
    expect(h.fake.creations()).toEqual([]);
  });

  test('a pipeline-arn that does not exist is the user\'s mistake, named as in build mode', async () => {
    const h = harness();
    const arn = 'arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/missing';
    expect(await h.run({ ...CHECK, 'pipeline-arn': arn })).toBe(1);
    expect(h.errors()).toEqual([`Input 'pipeline-arn': '${arn}' does not exist in us-east-1. Check the ARN, or remove pipeline-arn to let drydock create the pipeline.`]);
    expect(h.outputs.size).toBe(0);
  });

  test('current after a build; stale once AWS moves the parameter to a new AMI', async () => {
    const h = harness();
    h.fake.plans.push({ timeline: [{ status: 'AVAILABLE', atMs: 40 * MINUTE }], amis: { 'us-east-1': HARDENED } });
    expect(await h.run(BASE)).toBe(0);
    h.outputs.clear();
    expect(await h.run(CHECK)).toBe(0);
    expect(Object.fromEntries(h.outputs)).toEqual({ stale: 'false', 'current-parent-ami': 'ami-0aaaaaaaaaaaaaaaa', 'built-from-parent-ami': 'ami-0aaaaaaaaaaaaaaaa', 'latest-ami-id': HARDENED });
    h.world.parameters.set('/aws/service/eks/optimized-ami/1.31/amazon-linux-2023/x86_64/standard/recommended/image_id', 'ami-0bbbbbbbbbbbbbbbb');
    h.outputs.clear();
    expect(await h.run(CHECK)).toBe(0);
    expect(Object.fromEntries(h.outputs)).toEqual({ stale: 'true', 'current-parent-ami': 'ami-0bbbbbbbbbbbbbbbb', 'built-from-parent-ami': 'ami-0aaaaaaaaaaaaaaaa', 'latest-ami-id': HARDENED });
    const summary = h.info().at(-1)!;
    expect(summary).toContain('Stale: The recommended parent AMI is now ami-0bbbbbbbbbbbbbbbb (amazon-eks-node-al2023-x86_64-standard-1.31-v20260201), but the newest image 1.0.0/1 was built from ami-0aaaaaaaaaaaaaaaa.');
    expect(summary).toMatch(/Recommended parent\s+ami-0bbbbbbbbbbbbbbbb/);
  });
});

describe('actions/build-harden-ami/README.md, "When it fails"', () => {
  const table = readFileSync('actions/build-harden-ami/README.md', 'utf8').split('\n## When it fails\n')[1]!.split('\n## ')[0]!;
  const beginnings = [...table.matchAll(/^\| `([^`]+)` \|/gm)].map((match) => match[1]!);
  /** A row's beginning, with … standing for any text, as a pattern for the start of a message. */
  const documented = (message: string) =>
    beginnings.some((beginning) => new RegExp(`^${beginning.split('…').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\S]*?')}`).test(message));

  // What the user sees for each failure, as the step prints it: a class-name prefix for anything but a configuration error.
  test.each<[string, (h: ReturnType<typeof harness>) => Promise<void>]>([
    ['a failed build', async (h) => {
      h.fake.plans.push({ timeline: [{ status: 'FAILED', atMs: 40 * MINUTE, reason: 'audit under the minimum' }] });
      await h.run(BASE);
    }],
    ['a timeout', async (h) => void (await h.run({ ...BASE, timeout: '30m' }))],
    ['a timeout whose cancel is refused', async (h) => {
      h.fake.beforeCommand = (command) => {
        if (command === 'CancelImageCreation') throw awsError('AccessDeniedException', 'not authorized');
      };
      await h.run({ ...BASE, timeout: '30m' });
    }],
    ['an unreadable build state', async (h) => {
      h.fake.beforeCommand = (command) => {
        if (command === 'GetImage') throw awsError('ExpiredTokenException', 'The security token included in the request is expired');
      };
      await h.run(BASE);
    }],
    ['a pipeline-arn that does not exist', async (h) => void (await h.run({ region: 'us-east-1', 'pipeline-arn': 'arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/missing' }))],
    ['an AL2 version without an EKS AMI', async (h) => void (await h.run({ ...BASE, os: 'al2', 'kubernetes-version': '1.33' }))],
  ])('%s', async (_name, fail) => {
    const h = harness();
    await fail(h);
    expect(h.errors()).toHaveLength(1);
    expect(documented(h.errors()[0]!)).toBe(true);
  });
});
