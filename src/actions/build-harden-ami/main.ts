import { EC2Client } from '@aws-sdk/client-ec2';
import { ImagebuilderClient } from '@aws-sdk/client-imagebuilder';
import { SSMClient } from '@aws-sdk/client-ssm';
import { awsClientConfig, withCallNames } from '../../aws/client-config.js';
import type { ActionContext, ActionDefinition } from '../../core/action.js';
import type { Summary } from '../../core/summary.js';
import { ImageBuildFailedError, buildHardenedImage, type BuildResult, type ImageBuilderClients } from '../../imagebuilder/build.js';
import { resolveParentImage } from '../../imagebuilder/parent-image.js';
import { formatElapsed } from '../../core/format.js';
import { checkStaleness, findPipelineArn, type StalenessReport } from '../../imagebuilder/staleness.js';
import { parseBuildHardenAmiInputs, type BuildHardenAmiSettings, type BuildSettings, type CheckSettings } from './inputs.js';

/** Creates the AWS clients for a region; replaced in tests by clients backed by mocks or the loopback testbed. */
export type ClientFactory = (region: string) => ImageBuilderClients;

export const createAwsClients: ClientFactory = (region) => {
  const config = awsClientConfig(region);
  return { imagebuilder: withCallNames(new ImagebuilderClient(config)), ssm: withCallNames(new SSMClient(config)), ec2: withCallNames(new EC2Client(config)) };
};

export function createBuildHardenAmi(createClients: ClientFactory = createAwsClients): ActionDefinition<BuildHardenAmiSettings> {
  return {
    name: 'build-harden-ami',
    parse: parseBuildHardenAmiInputs,
    run: (settings, context) => (settings.mode === 'check' ? runCheck(settings, context, createClients) : runBuild(settings, context, createClients)),
  };
}

export const buildHardenAmi = createBuildHardenAmi();

async function runBuild(settings: BuildSettings, context: ActionContext, createClients: ClientFactory): Promise<void> {
  const clients = createClients(settings.region);
  let result: BuildResult;
  try {
    result = await buildHardenedImage(
      clients,
      { region: settings.region, pipeline: settings.pipeline, wait: settings.wait, timeoutMs: settings.timeoutMs },
      {
        clock: context.clock,
        logger: context.logger,
        signal: context.signal,
        // Set at once: a timed-out or cancelled wait still tells the next step which image it was.
        onStarted: (imageArn) => {
          context.outputs.set('image-arn', imageArn);
          // For the summary of a step stopped before its own (a second cancel signal): the build may still be running.
          context.summary.recordChange(`image build ${imageArn} started in ${settings.region}`);
        },
        onChange: (change) => context.summary.recordChange(change),
      },
    );
  } catch (error) {
    // A failed, timed-out or cancelled build, or one whose state could no longer be read (left running), still has an
    // image ARN, maybe an audit score: set what is known, then fail the step.
    if (error instanceof ImageBuildFailedError) {
      setBuildOutputs(context, error.result);
      summariseBuild(context.summary, settings, error.result, error.message);
    }
    throw error;
  }
  setBuildOutputs(context, result);
  summariseBuild(context.summary, settings, result);
}

function setBuildOutputs(context: ActionContext, result: BuildResult): void {
  const { outputs } = context;
  outputs.set('image-arn', result.imageArn ?? '');
  outputs.set('ami-id', result.amiId ?? '');
  outputs.set('ami-ids', Object.keys(result.amiIds).length > 0 ? result.amiIds : '');
  outputs.set('parent-ami-id', result.parentAmiId ?? '');
  outputs.set('audit-score', result.audit ? String(result.audit.score) : '');
  outputs.set('findings', result.findings ? { ...result.findings } : '');
}

function summariseBuild(summary: Summary, settings: BuildSettings, result: BuildResult, failure?: string): void {
  summary.heading(`build-harden-ami: ${settings.pipelineName}`);
  const status = result.image?.state?.status;
  if (failure) summary.text(failure);
  else if (!result.image) summary.text(`Started ${result.imageArn}; not waiting for it (wait: false).`);
  else summary.text(`${result.imageArn} is ${status} after ${formatElapsed(result.elapsedMs)}.`);
  if (result.parentAmiId) {
    const parent = result.parent;
    summary.text(`Parent AMI: ${result.parentAmiId}${parent?.name ? ` (${parent.name})` : ''}${parent?.parameter ? `, from ${parent.parameter}` : ''}.`);
  }
  const regions = Object.entries(result.amiIds);
  if (regions.length > 0) summary.table(['Region', 'AMI'], regions.map(([region, ami]) => [region, ami]));
  if (result.audit) {
    const audit = result.audit;
    summary.heading('CIS audit');
    summary.table(
      ['Benchmark', 'Audit version', 'Score', 'Passed', 'Failed', 'Skipped', 'Minimum'],
      [[audit.benchmark, audit.auditVersion, `${audit.score}%`, String(audit.passed), String(audit.failed), String(audit.skipped), audit.minimum > 0 ? `${audit.minimum}%` : 'no gate']],
    );
  }
  if (result.findings) {
    const findings = result.findings;
    summary.heading('Inspector findings');
    summary.table(['Critical', 'High', 'Medium', 'All'], [[findings.critical, findings.high, findings.medium, findings.all].map(String)]);
  }
  const changed = result.changes.filter((change) => change.action !== 'reused');
  if (result.changes.length > 0) {
    summary.heading('Image Builder resources');
    summary.table(
      ['Resource', 'Name', 'Version', 'Change'],
      result.changes.map((change) => [change.kind, change.name, change.version ?? '', change.action === 'reused' ? 'unchanged' : change.action]),
    );
    if (changed.length === 0) summary.text('Nothing changed: every resource matched the inputs.');
  }
}

async function runCheck(settings: CheckSettings, context: ActionContext, createClients: ClientFactory): Promise<void> {
  const clients = createClients(settings.region);
  const current = await resolveParentImage(clients, settings.parent, settings.region);
  const pipeline = settings.pipelineArn
    ? { name: settings.pipelineName, arn: settings.pipelineArn, userGiven: true }
    : { name: settings.pipelineName, arn: await findPipelineArn(clients.imagebuilder, settings.pipelineName) };
  const report = await checkStaleness(clients.imagebuilder, pipeline, current, settings.region);
  context.logger.info(report.explanation);
  setCheckOutputs(context, report);
  summariseCheck(context.summary, settings, report);
}

function setCheckOutputs(context: ActionContext, report: StalenessReport): void {
  context.outputs.set('stale', String(report.stale));
  context.outputs.set('current-parent-ami', report.currentParent.amiId);
  context.outputs.set('built-from-parent-ami', report.builtFromParent ?? '');
  context.outputs.set('latest-ami-id', report.latestImage?.amiId ?? '');
}

function summariseCheck(summary: Summary, settings: CheckSettings, report: StalenessReport): void {
  summary.heading(`build-harden-ami check: ${settings.pipelineName}`);
  summary.text(`${report.stale ? 'Stale' : 'Current'}: ${report.explanation}`);
  const current = report.currentParent;
  summary.table(
    ['', 'AMI', 'Details'],
    [
      ['Recommended parent', current.amiId, [current.name, current.parameter].filter(Boolean).join(', ')],
      ['Built from', report.builtFromParent ?? '', report.latestImage ? `image ${report.latestImage.version}` : 'no image yet'],
      ['Newest hardened AMI', report.latestImage?.amiId ?? '', report.latestImage?.dateCreated ?? ''],
    ],
  );
}
