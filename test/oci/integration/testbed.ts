/**
 * Access to the loopback testbed (scripts/testbed.sh) for the OCI integration tests: registry clients for its two
 * registries, and the real peers (skopeo, crane, oras) run with credentials from files, never from argv.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { RegistryClient } from '../../../src/oci/registry-client.js';
import type { FetchLike } from '../../../src/oci/http.js';
import { tempDir } from '../../support/temp-dir.js';

const run = promisify(execFile);

export const testbed = process.env.DRYDOCK_TESTBED
  ? {
      http: process.env.DRYDOCK_REGISTRY_HTTP as string,
      tls: process.env.DRYDOCK_REGISTRY_TLS as string,
      user: process.env.DRYDOCK_REGISTRY_USER ?? 'AWS',
      password: process.env.DRYDOCK_REGISTRY_PASSWORD as string,
      ca: process.env.DRYDOCK_TESTBED_CA as string,
      certDir: process.env.DRYDOCK_TESTBED_CERT_DIR as string,
      peerBin: process.env.DRYDOCK_PEER_BIN as string,
    }
  : undefined;

/**
 * `describe` when the testbed runs; otherwise a skipped describe whose title says how to run it. Its body is not run
 * then: bodies set up signing material and notation homes in temporary folders, which jest would never tear down for a
 * block without a test to run.
 */
export function describeWithTestbed(title: string, body: () => void): void {
  if (testbed) describe(title, body);
  else describe.skip(`${title} (skipped: DRYDOCK_TESTBED is not set; run through scripts/with-testbed.sh or npm test)`, () => test.todo('needs the testbed'));
}

export function need<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('the testbed is not running');
  return value;
}

/** Short backoff so fault tests finish quickly; Retry-After still wins when a server sends it. */
export const FAST_RETRY = { attempts: 5, baseDelayMs: 50, maxDelayMs: 400 };

export function httpRegistryClient(options: { registry?: string; fetch?: FetchLike; attempts?: number } = {}): RegistryClient {
  const bed = need(testbed);
  return new RegistryClient({
    registry: options.registry ?? bed.http,
    insecureHttp: true,
    retry: { ...FAST_RETRY, ...(options.attempts ? { attempts: options.attempts } : {}) },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

/** The TLS registry with htpasswd, standing in for ECR: credentials as the ECR token would give them. */
export function tlsRegistryClient(): RegistryClient {
  const bed = need(testbed);
  const token = Buffer.from(`${bed.user}:${bed.password}`).toString('base64');
  return new RegistryClient({ registry: bed.tls, credentials: { kind: 'basic-token', token }, retry: FAST_RETRY });
}

/** A per-run repository name, so tests never see each other's tags. */
export function uniqueRepository(prefix: string): string {
  return `drydock-test/${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** A docker config.json with the TLS registry's credentials, for skopeo (--authfile) and crane (DOCKER_CONFIG). */
function authDirectory(): string {
  const bed = need(testbed);
  const dir = tempDir('auth');
  const auth = Buffer.from(`${bed.user}:${bed.password}`).toString('base64');
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ auths: { [bed.tls]: { auth } } }), { mode: 0o600 });
  return dir;
}

let authDir: string | undefined;
function credentialsDir(): string {
  authDir ??= authDirectory();
  return authDir;
}

export async function skopeo(args: readonly string[]): Promise<string> {
  const { stdout } = await run('skopeo', ['--insecure-policy', ...args], {
    env: { ...process.env, REGISTRY_AUTH_FILE: join(credentialsDir(), 'config.json') },
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

/** skopeo's per-registry TLS options: plain http needs --tls-verify=false, TLS gets the testbed CA. */
export function skopeoTls(registry: string, direction: 'src' | 'dest' | 'plain'): string[] {
  const bed = need(testbed);
  const flag = (name: string) => (direction === 'plain' ? `--${name}` : `--${direction}-${name}`);
  return registry === bed.http ? [`${flag('tls-verify')}=false`] : [`${flag('cert-dir')}=${bed.certDir}`];
}

export async function crane(args: readonly string[], registry: string): Promise<string> {
  const bed = need(testbed);
  const { stdout } = await run(join(bed.peerBin, 'crane'), [...args, ...(registry === bed.http ? ['--insecure'] : [])], {
    env: { ...process.env, DOCKER_CONFIG: credentialsDir(), SSL_CERT_FILE: bed.ca },
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

export async function oras(args: readonly string[]): Promise<string | undefined> {
  const bed = need(testbed);
  try {
    const { stdout } = await run(join(bed.peerBin, 'oras'), args, { env: { ...process.env, DOCKER_CONFIG: credentialsDir(), SSL_CERT_FILE: bed.ca } });
    return stdout;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined; // oras is optional in the testbed
    throw error;
  }
}
