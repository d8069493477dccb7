import type { ECRClient } from '@aws-sdk/client-ecr';
import { loginToRegistry, type RegistryLogin as EcrRegistryLogin } from '../aws/ecr.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { SecretSet } from '../core/secrets.js';
import { USER_AGENT } from '../core/version.js';
import type { RegistryCredentials } from '../oci/auth.js';
import { manifestReferenceOf, parseEcrRegistry, parseImageReference } from '../oci/reference.js';
import type { RegistryClient, RegistryClientOptions } from '../oci/registry-client.js';
import type { DigestResolver } from './deploy.js';
import type { RegistryLogin, RegistryLoginSource } from './pull-secret.js';

/**
 * What a deploy needs from registries: ECR logins (one GetAuthorizationToken per region, shared by digest resolution
 * and the pull secret; the token covers every registry of the region the identity may pull from) and tag-to-digest
 * resolution through the OCI registry client.
 */
export class EcrLogins {
  private readonly byRegion = new Map<string, Promise<EcrRegistryLogin>>();

  constructor(
    private readonly ecr: (region: string) => ECRClient,
    private readonly secrets: SecretSet,
  ) {}

  login(region: string): Promise<EcrRegistryLogin> {
    let pending = this.byRegion.get(region);
    if (!pending) {
      pending = loginToRegistry(this.ecr(region), undefined, this.secrets);
      pending.catch(() => this.byRegion.delete(region));
      this.byRegion.set(region, pending);
    }
    return pending;
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

/** Plain HTTP only to a registry on this machine (the testbed, a local mirror), never across a network. */
function isLoopbackHost(host: string): boolean {
  const name = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return name === 'localhost' || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name);
}

export interface DigestResolverOptions {
  readonly registryClient: (options: RegistryClientOptions) => RegistryClient;
  readonly ecrLogins: EcrLogins;
  /** Contacted instead of ECR hosts (an interface endpoint, the loopback testbed). */
  readonly endpoint?: URL;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** Resolves tags by asking each image's registry for the manifest's descriptor (HEAD). */
export function registryDigestResolver(options: DigestResolverOptions): DigestResolver {
  const clients = new Map<string, Promise<RegistryClient>>();
  const clientFor = (registry: string): Promise<RegistryClient> => {
    let client = clients.get(registry);
    if (!client) {
      client = (async () => {
        const ecr = parseEcrRegistry(registry);
        let credentials: RegistryCredentials = { kind: 'anonymous' };
        if (ecr) credentials = { kind: 'basic-token', token: (await options.ecrLogins.login(ecr.region)).basicToken };
        const host = ecr && options.endpoint ? options.endpoint.host : registry;
        const insecureHttp = ecr && options.endpoint ? options.endpoint.protocol === 'http:' : isLoopbackHost(registry);
        return options.registryClient({ registry: host, credentials, insecureHttp, clock: options.clock, logger: options.logger, userAgent: USER_AGENT });
      })();
      clients.set(registry, client);
    }
    return client;
  };
  return {
    digestOf: async (image) => {
      const reference = parseImageReference(image, 'images');
      const client = await clientFor(reference.registry);
      return (await client.headManifest(reference.repository, manifestReferenceOf(reference)))?.digest;
    },
  };
}
