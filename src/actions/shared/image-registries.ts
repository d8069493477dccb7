import type { ECRClient } from '@aws-sdk/client-ecr';
import type { ActionContext } from '../../core/action.js';
import { ConfigurationError, invalidInput } from '../../core/errors.js';
import type { InputReader } from '../../core/inputs.js';
import { USER_AGENT } from '../../core/version.js';
import type { RegistryCredentials } from '../../oci/auth.js';
import { parseRegistryBaseUrl } from '../../oci/endpoint.js';
import { parseEcrRegistry, parseImageReference, type ImageReference } from '../../oci/reference.js';
import type { RegistryClient, RegistryClientOptions } from '../../oci/registry-client.js';

/**
 * What notation-sign and verify-signature share about reaching images: the `images` list, the `registry-endpoint`
 * mapping, and one registry client per registry with the right credentials. The registry host in an image reference
 * is its logical name (what trust policy scopes and outputs use); `registry-endpoint` only changes where requests go.
 */
export interface ImageInput {
  /** As the user wrote it, for the summary. */
  readonly text: string;
  readonly reference: ImageReference;
}

export interface ImageRegistryClients {
  /** Only asked for when an image is in ECR, so the ECR SDK is loaded only then (it is a large part of a cold start). */
  ecr(region: string): Promise<ECRClient>;
  registry(options: RegistryClientOptions): RegistryClient;
}

/** `images`: newline- or comma-separated references, each with a tag or a digest (a bare name would mean `latest`). */
export function parseImages(inputs: InputReader, name = 'images'): ImageInput[] {
  const texts = inputs.list(name);
  if (texts.length === 0) {
    throw new ConfigurationError(`Input '${name}' is required. List the images, one per line, such as '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.2.3'.`);
  }
  return texts.map((text) => {
    const reference = parseImageReference(text, name);
    if (reference.tag === undefined && reference.digest === undefined) {
      throw invalidInput(name, text, 'names neither a tag nor a digest', `Add :<tag> or @sha256:<digest>, such as '${text}:1.2.3'; drydock does not assume 'latest'`);
    }
    return { text, reference };
  });
}

/**
 * `registry-endpoint`: the base URL requests go to instead of the images' registry host (a VPC endpoint, a local
 * mirror, the loopback testbed). One endpoint cannot stand for two registries, so all images must share one.
 * The URL's own rules (plain HTTP only to loopback hosts, no credentials) are parseRegistryBaseUrl's.
 */
export function parseRegistryEndpoint(inputs: InputReader, images: readonly ImageInput[], name = 'registry-endpoint'): URL | undefined {
  const value = inputs.optional(name);
  if (value === undefined) return undefined;
  const url = parseRegistryBaseUrl(name, value);
  const registries = [...new Set(images.map((image) => image.reference.registry))];
  if (registries.length > 1) {
    throw invalidInput(name, value, `would apply to images of ${registries.length} registries (${registries.join(', ')})`, 'Sign or verify the images of each registry in a step of its own');
  }
  return url;
}

/** ECR registries get an ECR token (masked) for their own account and region; others are read anonymously. */
async function credentialsFor(registry: string, clients: ImageRegistryClients, context: ActionContext): Promise<RegistryCredentials> {
  const ecr = parseEcrRegistry(registry);
  if (!ecr) return { kind: 'anonymous' };
  const { loginToRegistry } = await import('../../aws/ecr.js');
  const login = await loginToRegistry(await clients.ecr(ecr.region), ecr.accountId, context.secrets);
  return { kind: 'basic-token', token: login.basicToken };
}

/** One client per registry named by the images, keyed by the logical registry host. */
export async function openImageRegistries(
  images: readonly ImageInput[],
  endpoint: URL | undefined,
  clients: ImageRegistryClients,
  context: ActionContext,
): Promise<Map<string, RegistryClient>> {
  const registries = [...new Set(images.map((image) => image.reference.registry))];
  const opened = await Promise.all(
    registries.map(async (registry) => {
      const client = clients.registry({
        registry: endpoint?.host ?? registry,
        credentials: await credentialsFor(registry, clients, context),
        insecureHttp: endpoint?.protocol === 'http:',
        clock: context.clock,
        logger: context.logger,
        userAgent: USER_AGENT,
        secrets: context.secrets,
      });
      return [registry, client] as const;
    }),
  );
  return new Map(opened);
}

/** The ECR client factory of both actions' defaults: the SDK is imported on first use. */
export async function createEcrClientLazily(region: string): Promise<ECRClient> {
  return (await import('../../aws/ecr.js')).createEcrClient(region);
}
