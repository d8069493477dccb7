import { GetImageCommand, ListImagePipelineImagesCommand, ListImagePipelinesCommand, type ImageSummary } from '@aws-sdk/client-imagebuilder';
import { isNotFound, missingPipelineArn } from './build.js';
import type { ImageBuilderApi } from './ensure.js';
import { collectPages } from './paging.js';
import { isAmiId, type ParentImage } from './parent-image.js';
import { amiIdsByRegion } from './results.js';
import { formatSemanticVersion, newestByVersion, versionFromArn } from './semver.js';

/**
 * Check mode: does AWS recommend another parent AMI than the one the pipeline's newest image was built from? Compared
 * by AMI id (a date comparison misses a re-published parameter and a rolled-back one), over every image of the
 * pipeline (all pages), newest by semantic version and build number (1.0.10 is newer than 1.0.9).
 */
export interface StalenessReport {
  readonly stale: boolean;
  /** The parent AMI the SSM parameter recommends now. */
  readonly currentParent: ParentImage;
  /** The parent of the newest AVAILABLE image, when there is one and it is an AMI id. */
  readonly builtFromParent?: string;
  /** The newest AVAILABLE image; amiId is its AMI in the region checked, absent when it has none there. */
  readonly latestImage?: { readonly arn: string; readonly version: string; readonly amiId?: string; readonly dateCreated?: string };
  /** One sentence for the log and the summary. */
  readonly explanation: string;
}

export async function findPipelineArn(client: ImageBuilderApi, name: string): Promise<string | undefined> {
  const pipelines = await collectPages(async (nextToken) => {
    const page = await client.send(new ListImagePipelinesCommand({ filters: [{ name: 'name', values: [name] }], nextToken }));
    return { items: page.imagePipelineList, nextToken: page.nextToken };
  });
  return pipelines.find((pipeline) => pipeline.name === name)?.arn;
}

/** The newest AVAILABLE image of a pipeline, looking through every page. */
export async function newestAvailableImage(client: ImageBuilderApi, pipelineArn: string): Promise<ImageSummary | undefined> {
  const images = await collectPages(async (nextToken) => {
    const page = await client.send(new ListImagePipelineImagesCommand({ imagePipelineArn: pipelineArn, nextToken }));
    return { items: page.imageSummaryList, nextToken: page.nextToken };
  });
  return newestByVersion(
    images.filter((image) => image.state?.status === 'AVAILABLE'),
    (image) => image.arn,
  );
}

/** `userGiven`: the ARN is the user's pipeline-arn, so a pipeline that does not exist is their mistake, as in build mode. */
export async function checkStaleness(
  client: ImageBuilderApi,
  pipeline: { readonly arn?: string; readonly name: string; readonly userGiven?: boolean },
  currentParent: ParentImage,
  region: string,
): Promise<StalenessReport> {
  const { arn } = pipeline;
  if (!arn) {
    return { stale: true, currentParent, explanation: `The pipeline ${pipeline.name} does not exist yet; a build creates it from ${currentParent.amiId}.` };
  }
  const newest = await newestAvailableImage(client, arn).catch((error: unknown) => {
    throw pipeline.userGiven && isNotFound(error) ? missingPipelineArn(arn, region) : error;
  });
  if (!newest?.arn) {
    return { stale: true, currentParent, explanation: `The pipeline ${pipeline.name} has no available image yet.` };
  }
  const parsed = versionFromArn(newest.arn);
  const version = parsed ? `${formatSemanticVersion(parsed.version)}${parsed.build === undefined ? '' : `/${parsed.build}`}` : (newest.version ?? '');
  // This region's AMI or none: an AMI of another region cannot be launched here.
  const amiId = amiIdsByRegion(newest)[region];
  const latestImage = {
    arn: newest.arn,
    version,
    ...(amiId ? { amiId } : {}),
    ...(newest.dateCreated ? { dateCreated: newest.dateCreated } : {}),
  };
  // The summary does not say which recipe, and so which parent, an image came from; the image itself does.
  const image = (await client.send(new GetImageCommand({ imageBuildVersionArn: newest.arn }))).image;
  const parent = image?.imageRecipe?.parentImage;
  if (!parent || !isAmiId(parent)) {
    return {
      stale: true,
      currentParent,
      latestImage,
      explanation: `The newest image ${version} was built from '${parent ?? 'an unknown parent'}', not a fixed AMI id, so drydock cannot tell whether it is current; treating it as stale.`,
    };
  }
  // Only "other", never "newer": AWS also moves a parameter back to an older AMI when it withdraws a release.
  const stale = parent !== currentParent.amiId;
  const explanation = stale
    ? `The recommended parent AMI is now ${currentParent.amiId}${currentParent.name ? ` (${currentParent.name})` : ''}, but the newest image ${version} was built from ${parent}.`
    : `The newest image ${version} was built from the recommended parent AMI ${parent}; nothing to rebuild.`;
  return { stale, currentParent, builtFromParent: parent, latestImage, explanation };
}
