import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Clock } from '../core/clock.js';
import type { SecretSet } from '../core/secrets.js';

/**
 * The bearer token EKS accepts, made without the aws CLI (what `aws eks get-token` and aws-iam-authenticator do): a
 * presigned STS GetCallerIdentity URL, with the cluster name as the signed `x-k8s-aws-id` header, base64url-encoded
 * without padding behind `k8s-aws-v1.`. The cluster calls the URL to learn who the caller is, then maps that identity
 * through access entries or the aws-auth ConfigMap, so one token works with both.
 *
 * The control plane accepts a token for 15 minutes after its X-Amz-Date (X-Amz-Expires=60 notwithstanding); drydock
 * signs a new one 14 minutes after the last, so a long rollout wait never presents an expired token.
 */
export const EKS_TOKEN_PREFIX = 'k8s-aws-v1.';
export const EKS_TOKEN_LIFETIME_MS = 15 * 60_000;
export const EKS_TOKEN_REFRESH_MS = 14 * 60_000;
const CLUSTER_ID_HEADER = 'x-k8s-aws-id';

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** The SDK's credential chain (or any provider): called again for every new token, so rotated credentials are used. */
export type AwsCredentialsProvider = () => Promise<AwsCredentials>;

type SourceData = string | ArrayBuffer | ArrayBufferView;
const bytes = (data: SourceData): string | Uint8Array =>
  typeof data === 'string' ? data : data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

/** SHA-256 and HMAC-SHA-256 from node:crypto, in the shape @smithy/signature-v4 takes. */
class NodeSha256 {
  private readonly hash: ReturnType<typeof createHash> | ReturnType<typeof createHmac>;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

/** The regional STS endpoint host; China regions live under amazonaws.com.cn. */
export function stsHost(region: string): string {
  return `sts.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
}

/** RFC 3986 percent-encoding, as SigV4 canonicalises query strings. */
const encode = (value: string) => encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export interface EksToken {
  readonly token: string;
  /** When the cluster stops accepting it (ms since the epoch). */
  readonly expiresAt: number;
}

export async function createEksToken(options: {
  clusterName: string;
  region: string;
  credentials: AwsCredentials;
  signingDate: Date;
}): Promise<EksToken> {
  const host = stsHost(options.region);
  const signer = new SignatureV4({ service: 'sts', region: options.region, credentials: options.credentials, sha256: NodeSha256 });
  const presigned = await signer.presign(
    {
      method: 'GET',
      protocol: 'https:',
      hostname: host,
      path: '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      headers: { host, [CLUSTER_ID_HEADER]: options.clusterName },
    },
    { expiresIn: 60, signingDate: options.signingDate },
  );
  const query = Object.entries(presigned.query as Record<string, string>)
    .map(([name, value]) => `${encode(name)}=${encode(value)}`)
    .join('&');
  const url = `https://${host}/?${query}`;
  return {
    token: `${EKS_TOKEN_PREFIX}${Buffer.from(url).toString('base64url')}`,
    expiresAt: options.signingDate.getTime() + EKS_TOKEN_LIFETIME_MS,
  };
}

/** Hands out an EKS token, signing a new one 14 minutes after the last; every token is masked before it is used. */
export class EksTokenSource {
  private current: { token: string; signedAt: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(
    private readonly options: {
      readonly clusterName: string;
      readonly region: string;
      readonly credentials: AwsCredentialsProvider;
      readonly clock: Clock;
      readonly secrets: SecretSet;
    },
  ) {}

  token(): Promise<string> {
    const now = this.options.clock.now();
    if (this.current && now - this.current.signedAt < EKS_TOKEN_REFRESH_MS) return Promise.resolve(this.current.token);
    // Parallel requests share one signing.
    this.pending ??= this.sign(now).finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async sign(now: number): Promise<string> {
    const credentials = await this.options.credentials();
    const { token } = await createEksToken({
      clusterName: this.options.clusterName,
      region: this.options.region,
      credentials,
      signingDate: new Date(now),
    });
    this.options.secrets.add(token);
    this.current = { token, signedAt: now };
    return token;
  }
}
