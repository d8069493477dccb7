import {
  CreateRepositoryCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
  GetLifecyclePolicyCommand,
  GetRepositoryPolicyCommand,
  PutLifecyclePolicyCommand,
  SetRepositoryPolicyCommand,
  type Repository,
} from '@aws-sdk/client-ecr';
import { ConfigurationError, RemoteError } from '../core/errors.js';
import { globToRegExp } from '../core/glob.js';
import type { Logger } from '../core/logger.js';
import type { SecretSet } from '../core/secrets.js';
import { awsClientConfig, withCallNames } from './client-config.js';

export function createEcrClient(region: string): ECRClient {
  return withCallNames(new ECRClient(awsClientConfig(region)));
}

export interface RepositorySettings {
  readonly name: string;
  readonly registryId?: string;
  readonly create: boolean;
  /**
   * The settings asked for: a repository this step creates gets them (MUTABLE, no scan on push and AES256 when not
   * asked), and an existing one that differs in one asked for gets a warning. What was not asked for is not compared.
   */
  readonly tagMutability?: 'MUTABLE' | 'IMMUTABLE';
  readonly scanOnPush?: boolean;
  readonly encryption?: { readonly type: 'AES256' | 'KMS'; readonly kmsKey?: string };
  /** JSON text of a lifecycle policy, applied when it differs from the repository's. */
  readonly lifecyclePolicy?: string;
  /** JSON text of a repository policy, applied when it differs from the repository's. */
  readonly repositoryPolicy?: string;
}

export interface EnsuredRepository {
  readonly uri: string;
  readonly registryId: string;
  readonly created: boolean;
  /** ECR's setting: MUTABLE, IMMUTABLE, or either WITH_EXCLUSION (see isTagImmutable). */
  readonly tagMutability: string;
  /** Whether ECR refuses to move this tag once it exists, by the repository's setting and its exclusion filters. */
  readonly isTagImmutable: (tag: string) => boolean;
  /** Requested settings that differ on an existing repository (ECR cannot change encryption after creation). */
  readonly drift: readonly string[];
  readonly policiesApplied: readonly string[];
}

/** Whether an AWS SDK error is the named exception. */
function isAwsError(error: unknown, code: string): boolean {
  return error instanceof Error && error.name === code;
}

/**
 * Creates the repository when missing (if allowed), reports drift of an existing one, applies changed policies.
 * `onChange` is told of each of those writes once it is made.
 */
export async function ensureRepository(
  client: ECRClient,
  settings: RepositorySettings,
  logger: Logger,
  onChange: (change: string) => void = () => undefined,
): Promise<EnsuredRepository> {
  const registryId = settings.registryId;
  const describe = async () => (await client.send(new DescribeRepositoriesCommand({ repositoryNames: [settings.name], registryId }))).repositories?.[0];
  let repository: Repository | undefined;
  let created = false;
  try {
    repository = await describe();
  } catch (error) {
    if (!isAwsError(error, 'RepositoryNotFoundException')) throw error;
  }
  if (!repository) {
    if (!settings.create) {
      throw new ConfigurationError(
        `Input 'repository': '${settings.name}' does not exist in registry ${registryId ?? 'of the current account'}. Create it, or set create-repository: true.`,
      );
    }
    try {
      const response = await client.send(
        new CreateRepositoryCommand({
          repositoryName: settings.name,
          registryId,
          imageTagMutability: settings.tagMutability ?? 'MUTABLE',
          imageScanningConfiguration: { scanOnPush: settings.scanOnPush ?? false },
          encryptionConfiguration: { encryptionType: settings.encryption?.type ?? 'AES256', kmsKey: settings.encryption?.kmsKey },
          tags: [{ Key: 'managed-by', Value: 'drydock' }],
        }),
      );
      repository = response.repository;
      created = true;
      logger.info(`Created ECR repository ${settings.name}`);
      onChange(`ECR repository ${settings.name} created`);
    } catch (error) {
      // Another job (a matrix leg, a parallel run) created it between our look and our create: use theirs.
      if (!isAwsError(error, 'RepositoryAlreadyExistsException')) throw error;
      repository = await describe();
      logger.info(`ECR repository ${settings.name} was created by another run meanwhile; using it`);
    }
  }
  if (!repository?.repositoryUri || !repository.registryId) {
    throw new RemoteError(`ECR returned no URI for repository ${settings.name}`);
  }
  const drift = created ? [] : repositoryDrift(repository, settings);
  for (const line of drift) logger.warning(`Repository ${settings.name}: ${line}`);
  const policiesApplied = await applyPolicies(client, repository.registryId, settings, onChange);
  const tagMutability = repository.imageTagMutability ?? settings.tagMutability ?? 'MUTABLE';
  const exclusions = repository.imageTagMutabilityExclusionFilters ?? [];
  return {
    uri: repository.repositoryUri,
    registryId: repository.registryId,
    created,
    tagMutability,
    isTagImmutable: (tag) => isTagImmutable(tagMutability, exclusions, tag),
    drift,
    policiesApplied,
  };
}

/**
 * ECR's tag immutability for one tag: IMMUTABLE and MUTABLE hold for every tag; the WITH_EXCLUSION settings hold
 * except for tags that match one of the exclusion filters (wildcards, `*` for any run of characters), which get the
 * opposite.
 */
export function isTagImmutable(mutability: string, exclusions: readonly { readonly filter?: string | undefined }[], tag: string): boolean {
  // ECR allows only [0-9a-zA-Z._*-] in a filter, so `*` is its one wildcard, as in a glob.
  const excluded = exclusions.some(({ filter }) => filter !== undefined && globToRegExp(filter).test(tag));
  if (mutability === 'IMMUTABLE_WITH_EXCLUSION') return !excluded;
  if (mutability === 'MUTABLE_WITH_EXCLUSION') return excluded;
  return mutability === 'IMMUTABLE';
}

/** What an existing repository has that differs from what the inputs ask for; reported, not changed. */
export function repositoryDrift(repository: Repository, settings: RepositorySettings): string[] {
  const drift: string[] = [];
  const mutability = repository.imageTagMutability ?? 'MUTABLE';
  if (settings.tagMutability !== undefined && mutability !== settings.tagMutability) {
    drift.push(`image-tag-mutability is ${mutability}, requested ${settings.tagMutability} (not changed)`);
  }
  const scan = repository.imageScanningConfiguration?.scanOnPush ?? false;
  if (settings.scanOnPush !== undefined && scan !== settings.scanOnPush) drift.push(`scan-on-push is ${scan}, requested ${settings.scanOnPush} (not changed)`);
  const encryption = repository.encryptionConfiguration?.encryptionType ?? 'AES256';
  const kmsKey = repository.encryptionConfiguration?.kmsKey;
  if (settings.encryption !== undefined && encryption !== settings.encryption.type) {
    drift.push(`encryption is ${encryption}, requested ${settings.encryption.type} (ECR cannot change it after creation)`);
  } else if (settings.encryption?.kmsKey && kmsKeyDiffers(kmsKey, settings.encryption.kmsKey)) {
    drift.push(`kms-key is ${kmsKey ?? 'the AWS managed key'}, requested ${settings.encryption.kmsKey}`);
  }
  return drift;
}

/**
 * ECR keeps a repository's key as an ARN (arn:aws:kms:<region>:<account>:key/<id>); the input may be that ARN, the bare
 * key id, or an alias. An alias names a key only KMS can look up, so it is never reported as differing.
 */
function kmsKeyDiffers(actual: string | undefined, requested: string): boolean {
  if (requested.startsWith('alias/') || requested.includes(':alias/')) return false;
  if (requested.startsWith('arn:')) return actual !== requested;
  return !actual?.endsWith(`:key/${requested}`);
}

const sameJson = (a: string | undefined, b: string) => a !== undefined && JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));

async function applyPolicies(client: ECRClient, registryId: string, settings: RepositorySettings, onChange: (change: string) => void): Promise<string[]> {
  const applied: string[] = [];
  const repositoryName = settings.name;
  if (settings.lifecyclePolicy) {
    const current = await client
      .send(new GetLifecyclePolicyCommand({ repositoryName, registryId }))
      .then((r) => r.lifecyclePolicyText)
      .catch((error) => (isAwsError(error, 'LifecyclePolicyNotFoundException') ? undefined : Promise.reject(error)));
    if (!sameJson(current, settings.lifecyclePolicy)) {
      await client.send(new PutLifecyclePolicyCommand({ repositoryName, registryId, lifecyclePolicyText: settings.lifecyclePolicy }));
      applied.push('lifecycle policy');
      onChange(`ECR repository ${repositoryName}: lifecycle policy set`);
    }
  }
  if (settings.repositoryPolicy) {
    const current = await client
      .send(new GetRepositoryPolicyCommand({ repositoryName, registryId }))
      .then((r) => r.policyText)
      .catch((error) => (isAwsError(error, 'RepositoryPolicyNotFoundException') ? undefined : Promise.reject(error)));
    if (!sameJson(current, settings.repositoryPolicy)) {
      await client.send(new SetRepositoryPolicyCommand({ repositoryName, registryId, policyText: settings.repositoryPolicy }));
      applied.push('repository policy');
      onChange(`ECR repository ${repositoryName}: repository policy set`);
    }
  }
  return applied;
}

export interface RegistryLogin {
  /** `https://<account>.dkr.ecr.<region>.amazonaws.com` */
  readonly endpoint: string;
  readonly username: string;
  /** The base64 `AWS:<password>` token, sent as `Authorization: Basic <token>`. Registered as a secret. */
  readonly basicToken: string;
  readonly expiresAt?: Date;
}

/** Gets a registry login from GetAuthorizationToken; the token and the password inside it are masked at once. */
export async function loginToRegistry(client: ECRClient, registryId: string | undefined, secrets: SecretSet): Promise<RegistryLogin> {
  const response = await client.send(new GetAuthorizationTokenCommand(registryId ? { registryIds: [registryId] } : {}));
  const data = response.authorizationData?.[0];
  if (!data?.authorizationToken || !data.proxyEndpoint) throw new RemoteError('ECR GetAuthorizationToken returned no token');
  secrets.add(data.authorizationToken);
  const decoded = Buffer.from(data.authorizationToken, 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator < 0) throw new RemoteError('ECR GetAuthorizationToken returned a token that is not user:password');
  secrets.add(decoded.slice(separator + 1));
  return {
    endpoint: data.proxyEndpoint,
    username: decoded.slice(0, separator),
    basicToken: data.authorizationToken,
    expiresAt: data.expiresAt,
  };
}
