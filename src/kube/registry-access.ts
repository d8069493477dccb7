import type { ECRClient } from '@aws-sdk/client-ecr';
import { loginToRegistry, type RegistryLogin as EcrRegistryLogin } from '../aws/ecr.js';
import type { Clock } from '../core/clock.js';
import { rememberedUntilRejected } from '../core/lru.js';
import type { Logger } from '../core/logger.js';
import type { SecretSet } from '../core/secrets.js';
import { USER_AGENT } from '../core/version.js';
import type { RegistryCredentials } from '../oci/auth.js';
import { isLoopbackHost } from '../oci/loopback.js';
import { manifestReferenceOf, parseEcrRegistry, parseImageReference } from '../oci/reference.js';
import type { RegistryClient, RegistryClientOptions } from '../oci/registry-client.js';
import type { DigestResolver } from './deploy.js';
import type { RegistryLogin, RegistryLoginSource } from './pull-secret.js';

/**
 * What a deploy needs from registries: ECR logins (one GetAuthorizationToken per region, shared by digest resolution,
 * signature verification and the pull secret; the token covers every registry of the region the identity may pull
 * from), and one registry client per registry named by the images.
 */
export class EcrLogins {
  private readonly byRegion = new Map<string, Promise<EcrRegistryLogin>>();

  constructor(
    private readonly ecr: (region: string) => ECRClient,
    private readonly secrets: SecretSet,
  ) {}

  /** A failed login is tried again by the next caller. */
  login(region: string): Promise<EcrRegistryLogin> {
    return rememberedUntilRejected(this.byRegion, region, () => loginToRegistry(this.ecr(region), undefined, this.secrets));
  }
}

/** Logins for the pull secret: `AWS` and the password inside the ECR token, for each registry host. */
export function ecrRegistryLogins(logins: EcrLogins): RegistryLoginSource {
  return {
    logins: (registries) =>
      Promise.all(
        registries.map(async (registry): Promise<RegistryLogin> => {
          const ecr = parseEcrRegistry(registry);
          if (!ecr) throw new Error(`${registry} is not an ECR registry`);
          const login = await logins.login(ecr.region);
          const decoded = Buffer.from(login.basicToken, 'base64').toString('utf8');
          return { registry, username: login.username, password: decoded.slice(decoded.indexOf(':') + 1) };
        }),
      ),
  };
}

export interface RegistryClientsOptions {
  readonly registryClient: (options: RegistryClientOptions) => RegistryClient;
  readonly ecrLogins: EcrLogins;
  /**
   * Contacted instead of ECR hosts (an interface endpoint, the loopback testbed). Only ECR registries are redirected:
   * a deploy's images may come from several registries, and Docker Hub's must still go to Docker Hub.
   */
  readonly endpoint?: URL;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Where registry bearer tokens are registered (masked). */
  readonly secrets: SecretSet;
}

/** One client per registry (keyed by the registry host images name), with the ECR token for ECR registries. */
export class RegistryClients {
  private readonly clients = new Map<string, Promise<RegistryClient>>();

  constructor(private readonly options: RegistryClientsOptions) {}

  clientFor(registry: string): Promise<RegistryClient> {
    let client = this.clients.get(registry);
    if (!client) {
      client = this.open(registry);
      this.clients.set(registry, client);
    }
    return client;
  }

  private async open(registry: string): Promise<RegistryClient> {
    const ecr = parseEcrRegistry(registry);
    let credentials: RegistryCredentials = { kind: 'anonymous' };
    if (ecr) credentials = { kind: 'basic-token', token: (await this.options.ecrLogins.login(ecr.region)).basicToken };
    const redirected = ecr !== undefined && this.options.endpoint !== undefined;
    return this.options.registryClient({
      registry: redirected ? this.options.endpoint!.host : registry,
      credentials,
      insecureHttp: redirected ? this.options.endpoint!.protocol === 'http:' : isLoopbackHost(registry),
      clock: this.options.clock,
      logger: this.options.logger,
      userAgent: USER_AGENT,
      secrets: this.options.secrets,
    });
  }
}

/** Resolves tags by asking each image's registry for the manifest's descriptor (HEAD). */
export function registryDigestResolver(registries: RegistryClients): DigestResolver {
  return {
    digestOf: async (image) => {
      const reference = parseImageReference(image, 'images');
      const client = await registries.clientFor(reference.registry);
      return (await client.headManifest(reference.repository, manifestReferenceOf(reference)))?.digest;
    },
  };
}
