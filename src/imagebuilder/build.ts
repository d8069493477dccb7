import { StartImagePipelineExecutionCommand, type Image } from '@aws-sdk/client-imagebuilder';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { randomUUID } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import { ConfigurationError, RemoteError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { ensurePipeline, type ImageBuilderApi, type ResourceChange } from './ensure.js';
import { isAmiId, resolveParentImage, type ParentImage, type ParentImageSource } from './parent-image.js';
import type { PipelineDefinition } from './pipeline-definition.js';
import { amiIdsByRegion, imageLogLocation, readAuditResult, scanFindings, type AuditResult, type FindingCounts } from './results.js';
import { ImageWaitInterruptedError, waitForImage, type WaitOptions, type WaitOutcome } from './wait.js';

export interface ImageBuilderClients {
  readonly imagebuilder: ImageBuilderApi;
  readonly ssm: Pick<SSMClient, 'send'>;
  readonly ec2: Pick<EC2Client, 'send'>;
}

/** What to build: run an existing pipeline, or ensure drydock's pipeline from a definition first. */
export type PipelineSource =
  | { readonly kind: 'existing'; readonly arn: string }
  | { readonly kind: 'ensure'; readonly definition: PipelineDefinition; readonly parent: ParentImageSource };

export interface BuildRequest {
  readonly region: string;
  readonly pipeline: PipelineSource;
  readonly wait: boolean;
  readonly timeoutMs: number;
}

export interface BuildRuntime {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly signal?: AbortSignal;
  /** Overrides the waiter's poll policy and progress interval (benchmarks, tests). */
  readonly waitTuning?: Pick<WaitOptions, 'policy' | 'progressEveryMs'>;
  /** Called as soon as the build has started, so the image ARN is known even if the wait is interrupted. */
  readonly onStarted?: (imageArn: string) => void;
  /** Told each Image Builder resource ensuring creates or updates, as it does, in words for the job summary. */
  readonly onChange?: (change: string) => void;
}

export interface BuildResult {
  readonly pipelineArn: string;
  /** Undefined only when the workflow was cancelled before the build was started. */
  readonly imageArn?: string;
  /** What ensuring did to each resource; empty when an existing pipeline was run. */
  readonly changes: readonly ResourceChange[];
  readonly parent?: ParentImage;
  /** The parent AMI of the built image (from its recipe, when that names an AMI id), or of the ensured recipe when not waiting. */
  readonly parentAmiId?: string;
  /** The image in its final state; undefined when not waiting. */
  readonly image?: Image;
  /**
   * The AMI in each region, of an AVAILABLE image only: the AMI of a build that failed (the CIS audit gate fails the
   * test phase after the AMI exists) must never reach a step that rolls AMIs out.
   */
  readonly amiIds: Readonly<Record<string, string>>;
  /** The AMI in the build region, of an AVAILABLE image only. */
  readonly amiId?: string;
  readonly audit?: AuditResult;
  readonly findings?: FindingCounts;
  readonly statusCalls: number;
  readonly elapsedMs: number;
}

/**
 * The build did not end AVAILABLE: it ended FAILED or CANCELLED, or the wait timed out or was cancelled (and the
 * build with it, unless the message says it could not be), or its state could not be read (ImageStateUnreadableError),
 * or the workflow was cancelled before the build started. Carries what is known, so outputs and the summary can still
 * be written.
 */
export class ImageBuildFailedError extends Error {
  override readonly name: string = 'ImageBuildFailedError';
  constructor(
    message: string,
    readonly result: BuildResult,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * GetImage kept failing, so drydock stopped waiting; the build was left running (see wait.ts for why). Named apart
 * from ImageBuildFailedError because the build is not known to have failed.
 */
export class ImageStateUnreadableError extends ImageBuildFailedError {
  override readonly name: string = 'ImageStateUnreadableError';
}

/** The component drydock generates is named `<pipeline>-cis-hardening`; only images using it have an audit to read. */
function usesDrydockHardening(image: Image): boolean {
  return (image.imageRecipe?.components ?? []).some((component) => /:component\/[^/]+-cis-hardening\//.test(component.componentArn ?? ''));
}

export async function buildHardenedImage(clients: ImageBuilderClients, request: BuildRequest, runtime: BuildRuntime): Promise<BuildResult> {
  const { logger, clock } = runtime;
  let pipelineArn: string;
  let changes: readonly ResourceChange[] = [];
  let parent: ParentImage | undefined;
  if (request.pipeline.kind === 'ensure') {
    const { definition } = request.pipeline;
    parent = await resolveParentImage(clients, request.pipeline.parent, request.region, definition.architecture);
    logger.info(`Parent image ${parent.amiId}${parent.name ? ` (${parent.name})` : ''}${parent.parameter ? ` from ${parent.parameter}` : ''}`);
    const ensured = await ensurePipeline(clients.imagebuilder, definition, parent, logger, runtime.onChange);
    pipelineArn = ensured.pipelineArn;
    changes = ensured.changes;
  } else {
    pipelineArn = request.pipeline.arn;
  }

  // The last moment a cancelled workflow can stop the build for free. Not checked between the ensure steps: stopping
  // there could leave a new recipe that the pipeline does not use yet.
  if (runtime.signal?.aborted) {
    const notStarted: BuildResult = { pipelineArn, changes, amiIds: {}, statusCalls: 0, elapsedMs: 0 };
    throw new ImageBuildFailedError('The workflow was cancelled before the image build started; no build was started.', notStarted);
  }
  const imageArn = await startPipeline(clients.imagebuilder, pipelineArn, request.region, request.pipeline.kind === 'existing');
  logger.info(`Started image build ${imageArn}`);
  runtime.onStarted?.(imageArn);
  const started = clock.now();
  const base = { pipelineArn, imageArn, changes, ...(parent ? { parent, parentAmiId: parent.amiId } : {}) };
  if (!request.wait) return { ...base, amiIds: {}, statusCalls: 0, elapsedMs: 0 };

  let outcome: WaitOutcome;
  try {
    outcome = await waitForImage(clients.imagebuilder, imageArn, {
      clock,
      logger,
      timeoutMs: request.timeoutMs,
      ...(runtime.signal ? { signal: runtime.signal } : {}),
      ...runtime.waitTuning,
    });
  } catch (error) {
    if (!(error instanceof ImageWaitInterruptedError)) throw error;
    const partial: BuildResult = {
      ...base,
      ...(error.lastImage ? { image: error.lastImage } : {}),
      amiIds: {},
      statusCalls: error.statusCalls,
      elapsedMs: clock.now() - started,
    };
    const Failure = error.reason === 'unreadable' ? ImageStateUnreadableError : ImageBuildFailedError;
    throw new Failure(error.message, partial, { cause: error });
  }
  const image = outcome.image;
  const status = image.state?.status ?? 'UNKNOWN';
  const builtAmiIds = amiIdsByRegion(image);
  const builtAmiId = builtAmiIds[request.region];
  // A recipe drydock did not write may name its parent as an ssm: parameter, an Image Builder image ARN or a
  // Marketplace product: only an AMI id is an AMI id.
  const recipeParent = image.imageRecipe?.parentImage;
  const parentAmiId = recipeParent && isAmiId(recipeParent) ? recipeParent : parent?.amiId;
  // Read even for a failed build: a build failed by the audit gate still recorded its score (under its AMI's id).
  const audit =
    builtAmiId && (request.pipeline.kind === 'ensure' || usesDrydockHardening(image)) ? await readAuditResult(clients.ssm, builtAmiId, logger) : undefined;
  const available = status === 'AVAILABLE';
  const result: BuildResult = {
    ...base,
    ...(parentAmiId ? { parentAmiId } : {}),
    image,
    amiIds: available ? builtAmiIds : {},
    ...(available && builtAmiId ? { amiId: builtAmiId } : {}),
    ...(audit ? { audit } : {}),
    statusCalls: outcome.statusCalls,
    elapsedMs: clock.now() - started,
  };
  if (!available) {
    const reason = image.state?.reason ? `: ${image.state.reason}` : '';
    throw new ImageBuildFailedError(`The image build ended ${status}${reason}. Logs: ${imageLogLocation(image)}.`, result);
  }
  const findings = await scanFindings(clients.imagebuilder, image, logger);
  return { ...result, ...(findings ? { findings } : {}) };
}

async function startPipeline(client: ImageBuilderApi, pipelineArn: string, region: string, userGiven: boolean): Promise<string> {
  try {
    const response = await client.send(new StartImagePipelineExecutionCommand({ imagePipelineArn: pipelineArn, clientToken: randomUUID() }));
    if (!response.imageBuildVersionArn) throw new RemoteError(`StartImagePipelineExecution for ${pipelineArn} returned no image ARN`);
    return response.imageBuildVersionArn;
  } catch (error) {
    throw userGiven && isNotFound(error) ? missingPipelineArn(pipelineArn, region) : error;
  }
}

export const isNotFound = (error: unknown) => error instanceof Error && error.name === 'ResourceNotFoundException';

/** The pipeline the user named with pipeline-arn does not exist: their mistake, in build and check mode alike. */
export function missingPipelineArn(pipelineArn: string, region: string): ConfigurationError {
  return new ConfigurationError(`Input 'pipeline-arn': '${pipelineArn}' does not exist in ${region}. Check the ARN, or remove pipeline-arn to let drydock create the pipeline.`);
}
