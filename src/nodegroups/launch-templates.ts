import {
  CreateLaunchTemplateVersionCommand,
  DescribeLaunchTemplateVersionsCommand,
  type LaunchTemplateVersion,
  type ResponseLaunchTemplateData,
} from '@aws-sdk/client-ec2';
import type { Ec2Api } from './aws-clients.js';
import { callAws } from './aws-errors.js';

export interface TemplateVersion {
  readonly templateId: string;
  readonly templateName?: string;
  readonly version: number;
  readonly description?: string;
  readonly data: ResponseLaunchTemplateData;
}

/** What a new version changes relative to its source; UserData only when the user data had to change. */
export interface VersionChange {
  readonly imageId: string;
  /** Base64, as EC2 takes it. */
  readonly userData?: string;
}

/** Descriptions of versions drydock creates start with this, which is how a re-run recognises them. */
export const VERSION_DESCRIPTION_PREFIX = 'drydock';

function toTemplateVersion(version: LaunchTemplateVersion): TemplateVersion {
  return {
    templateId: version.LaunchTemplateId ?? '',
    ...(version.LaunchTemplateName ? { templateName: version.LaunchTemplateName } : {}),
    version: version.VersionNumber ?? 0,
    ...(version.VersionDescription ? { description: version.VersionDescription } : {}),
    data: version.LaunchTemplateData ?? {},
  };
}

/** Reads launch template versions once per run: several node groups often share one template version. */
export class LaunchTemplateReader {
  private readonly cache = new Map<string, Promise<TemplateVersion | undefined>>();

  constructor(
    private readonly ec2: Ec2Api,
    private readonly signal?: AbortSignal,
  ) {}

  /** The version a node group uses (`version` may also be `$Latest` or `$Default`); undefined when it does not exist. */
  read(templateId: string, version: string): Promise<TemplateVersion | undefined> {
    const key = `${templateId}@${version}`;
    let pending = this.cache.get(key);
    if (!pending) {
      pending = callAws('DescribeLaunchTemplateVersions', () =>
        this.ec2.send(
          new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: templateId, Versions: [version] }),
          this.signal ? { abortSignal: this.signal } : {},
        ),
      ).then((response) => {
        const found = response.LaunchTemplateVersions?.[0];
        return found ? toTemplateVersion(found) : undefined;
      });
      this.cache.set(key, pending);
    }
    return pending;
  }
}

/** The data a version created from `source` with `change` would hold (EC2 copies the source and applies the change). */
export function expectedVersionData(source: TemplateVersion, change: VersionChange): ResponseLaunchTemplateData {
  return { ...source.data, ImageId: change.imageId, ...(change.userData !== undefined ? { UserData: change.userData } : {}) };
}

/** JSON with sorted keys, so two versions' data compare equal regardless of field order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, each]) => each !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, each]) => `${JSON.stringify(key)}:${canonical(each)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * A version created by an earlier drydock run that already holds exactly what this run would create: after a partial
 * failure the re-run reuses it instead of piling up identical versions.
 */
export async function findEquivalentVersion(
  ec2: Ec2Api,
  source: TemplateVersion,
  change: VersionChange,
  signal?: AbortSignal,
): Promise<TemplateVersion | undefined> {
  const expected = canonical(expectedVersionData(source, change));
  let nextToken: string | undefined;
  do {
    const page = await callAws('DescribeLaunchTemplateVersions', () =>
      ec2.send(
        new DescribeLaunchTemplateVersionsCommand({
          LaunchTemplateId: source.templateId,
          MinVersion: String(source.version + 1),
          MaxResults: 200,
          ...(nextToken ? { NextToken: nextToken } : {}),
        }),
        signal ? { abortSignal: signal } : {},
      ),
    );
    for (const candidate of (page.LaunchTemplateVersions ?? []).map(toTemplateVersion)) {
      if (!candidate.description?.startsWith(VERSION_DESCRIPTION_PREFIX)) continue;
      if (candidate.version > source.version && canonical(candidate.data) === expected) return candidate;
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return undefined;
}

/** Creates a version from `source` (EC2 copies every field), changing only the AMI and, when given, the user data. */
export async function createVersion(
  ec2: Ec2Api,
  source: TemplateVersion,
  change: VersionChange,
  description: string,
): Promise<number> {
  const response = await callAws('CreateLaunchTemplateVersion', () =>
    ec2.send(
      new CreateLaunchTemplateVersionCommand({
        LaunchTemplateId: source.templateId,
        SourceVersion: String(source.version),
        // EC2 limits descriptions to 255 characters.
        VersionDescription: description.slice(0, 255),
        LaunchTemplateData: { ImageId: change.imageId, ...(change.userData !== undefined ? { UserData: change.userData } : {}) },
      }),
      // No abort signal: a cancel that cut the call off mid-flight could leave a version no report names.
    ),
  );
  const version = response.LaunchTemplateVersion?.VersionNumber;
  if (version === undefined) throw new Error(`CreateLaunchTemplateVersion for ${source.templateId} returned no version number`);
  return version;
}
