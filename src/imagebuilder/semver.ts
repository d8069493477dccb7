/**
 * Image Builder versions. Components and recipes carry a semantic version `major.minor.patch`; every image (and every
 * component build) adds a build number: `1.0.3/7`. Versions compare numerically node by node, so 1.0.10 is newer than
 * 1.0.9, which a string sort gets wrong.
 */
export interface SemanticVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

export interface BuildVersion extends SemanticVersion {
  readonly build: number;
}

// Image Builder allows each node up to 2^30-1 and no leading zeros in practice; we accept what it returns.
const SEMANTIC = /^(\d+)\.(\d+)\.(\d+)$/;

export function parseSemanticVersion(text: string): SemanticVersion | undefined {
  const match = SEMANTIC.exec(text);
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

export function formatSemanticVersion(version: SemanticVersion): string {
  return `${version.major}.${version.minor}.${version.patch}`;
}

export function compareSemanticVersions(a: SemanticVersion, b: SemanticVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

export function compareBuildVersions(a: BuildVersion, b: BuildVersion): number {
  return compareSemanticVersions(a, b) || a.build - b.build;
}

export const FIRST_VERSION: SemanticVersion = { major: 1, minor: 0, patch: 0 };

/** The version after the newest one: a patch bump, since every drydock change is a content change of the same recipe line. */
export function nextPatchVersion(newest: SemanticVersion | undefined): SemanticVersion {
  return newest ? { ...newest, patch: newest.patch + 1 } : FIRST_VERSION;
}

/**
 * The name and version inside a versioned Image Builder ARN, such as
 * `arn:aws:imagebuilder:us-east-1:123456789012:image/drydock-eks/1.0.3/7` (build version) or
 * `...:image-recipe/drydock-eks/1.0.3` (semantic version only).
 */
export function versionFromArn(arn: string): { name: string; version: SemanticVersion; build?: number } | undefined {
  const match = /:(?:image|image-recipe|component)\/([^/]+)\/(\d+\.\d+\.\d+)(?:\/(\d+))?$/.exec(arn);
  if (!match) return undefined;
  const version = parseSemanticVersion(match[2] as string);
  if (!version) return undefined;
  return match[3] === undefined ? { name: match[1] as string, version } : { name: match[1] as string, version, build: Number(match[3]) };
}

/** The newest of `items` by the semantic version their ARN carries; items without a readable version are ignored. */
export function newestByVersion<T>(items: readonly T[], arnOf: (item: T) => string | undefined): T | undefined {
  let best: { item: T; version: BuildVersion } | undefined;
  for (const item of items) {
    const arn = arnOf(item);
    const parsed = arn ? versionFromArn(arn) : undefined;
    if (!parsed) continue;
    const version = { ...parsed.version, build: parsed.build ?? 0 };
    if (!best || compareBuildVersions(version, best.version) > 0) best = { item, version };
  }
  return best?.item;
}
