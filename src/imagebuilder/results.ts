import { ListImageScanFindingAggregationsCommand, type Image, type ImageScanFindingAggregation } from '@aws-sdk/client-imagebuilder';
import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { AUDIT_PARAMETER_PREFIX } from './component-document.js';
import type { ImageBuilderApi } from './ensure.js';
import { collectPages } from './paging.js';

/**
 * The AMI in each region an image was distributed to, in the account that built it (the account of the image's ARN).
 * A distribution that shares to other accounts lists their copies too, in the same regions under their own accountId;
 * those ids mean nothing in this account, so they are left out.
 */
export function amiIdsByRegion(image: Pick<Image, 'arn' | 'outputResources'>): Record<string, string> {
  const builder = image.arn?.split(':')[4] || undefined;
  const amis: Record<string, string> = {};
  for (const ami of image.outputResources?.amis ?? []) {
    const ours = !builder || !ami.accountId || ami.accountId === builder;
    if (ours && ami.region && ami.image) amis[ami.region] = ami.image;
  }
  return amis;
}

/** What the component's test phase recorded for an image (see component-document.ts). */
export interface AuditResult {
  readonly score: number;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly total: number;
  readonly minimum: number;
  readonly benchmark: string;
  readonly auditVersion: string;
}

export function auditParameterName(amiId: string): string {
  return `${AUDIT_PARAMETER_PREFIX}/${amiId}`;
}

/**
 * Reads the audit result the test phase wrote for `amiId`. A missing or unreadable result is a warning, not a failure:
 * the gate itself ran on the instance; only the report back to the workflow is missing.
 */
export async function readAuditResult(ssm: Pick<SSMClient, 'send'>, amiId: string, logger: Logger): Promise<AuditResult | undefined> {
  const name = auditParameterName(amiId);
  let text: string | undefined;
  try {
    text = (await ssm.send(new GetParameterCommand({ Name: name }))).Parameter?.Value;
  } catch (error) {
    const fix =
      error instanceof Error && error.name === 'ParameterNotFound'
        ? 'The test phase could not record it: grant the instance profile ssm:PutParameter on parameter/drydock/cis-audit/*.'
        : errorMessage(error);
    logger.warning(`No CIS audit result at SSM parameter ${name}. ${fix}`);
    return undefined;
  }
  try {
    const value = JSON.parse(text ?? '') as Partial<AuditResult>;
    if (typeof value.score !== 'number') throw new Error('no score');
    return {
      score: value.score,
      passed: value.passed ?? 0,
      failed: value.failed ?? 0,
      skipped: value.skipped ?? 0,
      total: value.total ?? 0,
      minimum: value.minimum ?? 0,
      benchmark: value.benchmark ?? '',
      auditVersion: value.auditVersion ?? '',
    };
  } catch (error) {
    logger.warning(`The CIS audit result at ${name} is not readable (${errorMessage(error)}).`);
    return undefined;
  }
}

/** Inspector finding counts by severity, as Image Builder aggregates them for one image. */
export interface FindingCounts {
  readonly critical: number;
  readonly high: number;
  readonly medium: number;
  /** Every finding, including low and informational ones. */
  readonly all: number;
}

/**
 * The image's Inspector findings by severity. Undefined when the scan did not complete (scanning off, abandoned, timed
 * out): "no findings" and "not scanned" must not look the same. Findings that cannot be read (throttling after the
 * SDK's retries, a role without the permission) are a warning, like an unreadable audit result: the AMI is built by
 * then, and no input makes the findings a gate, so the step must still report the AMI rather than fail without it.
 */
export async function scanFindings(client: ImageBuilderApi, image: Image, logger: Logger): Promise<FindingCounts | undefined> {
  if (!image.imageScanningConfiguration?.imageScanningEnabled || !image.arn) return undefined;
  const scanStatus = image.scanState?.status;
  if (scanStatus && scanStatus !== 'COMPLETED') {
    logger.warning(`The Inspector scan of the image is ${scanStatus}${image.scanState?.reason ? ` (${image.scanState.reason})` : ''}; no findings to report.`);
    return undefined;
  }
  const imageArn = image.arn;
  let responses: ImageScanFindingAggregation[];
  try {
    responses = await collectPages(async (nextToken) => {
      const page = await client.send(
        new ListImageScanFindingAggregationsCommand({ filter: { name: 'imageBuildVersionArn', values: [imageArn] }, nextToken }),
      );
      return { items: page.responses, nextToken: page.nextToken };
    });
  } catch (error) {
    const fix =
      error instanceof Error && error.name === 'AccessDeniedException' ? " Grant the workflow's role imagebuilder:ListImageScanFindingAggregations." : '';
    logger.warning(
      `ListImageScanFindingAggregations for ${imageArn} failed: ${errorMessage(error)}. The AMI is built; its Inspector findings are not reported (findings is left empty).${fix}`,
    );
    return undefined;
  }
  const counts = { critical: 0, high: 0, medium: 0, all: 0 };
  for (const response of responses) {
    const severity = response.imageAggregation?.severityCounts;
    if (!severity) continue;
    counts.critical += severity.critical ?? 0;
    counts.high += severity.high ?? 0;
    counts.medium += severity.medium ?? 0;
    counts.all += severity.all ?? 0;
  }
  return counts;
}

/** Where the build's logs are: the CloudWatch Logs group Image Builder writes to, and S3 when the pipeline logs there. */
export function imageLogLocation(image: Image): string {
  const group = image.loggingConfiguration?.logGroupName ?? (image.name ? `/aws/imagebuilder/${image.name}` : undefined);
  const stream = image.version;
  const parts: string[] = [];
  if (group) parts.push(`CloudWatch Logs group ${group}${stream ? `, stream ${stream}` : ''}`);
  const s3 = image.infrastructureConfiguration?.logging?.s3Logs;
  if (s3?.s3BucketName) parts.push(`s3://${s3.s3BucketName}/${s3.s3KeyPrefix ? `${s3.s3KeyPrefix.replace(/\/$/, '')}/` : ''}`);
  return parts.length > 0 ? parts.join('; ') : 'the Image Builder console (no log location in the image)';
}
