import { createHash, createHmac } from 'node:crypto';

/**
 * What the EKS control plane (aws-iam-authenticator) checks before it calls STS with a token, done offline with the
 * secret key the test signed with: the prefix and encoding, the STS host, only the allowed query parameters, the
 * cluster name as a signed header, the SigV4 signature, and that X-Amz-Date is less than 15 minutes old.
 */
export interface EksAuthenticatorOptions {
  readonly clusterName: string;
  readonly region: string;
  readonly secretAccessKey: string;
  readonly now: () => number;
}

const ALLOWED = new Set([
  'Action',
  'Version',
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Date',
  'X-Amz-Expires',
  'X-Amz-Security-Token',
  'X-Amz-Signature',
  'X-Amz-SignedHeaders',
]);

const rfc3986 = (v: string) => encodeURIComponent(v).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function signatureFor(url: URL, clusterName: string, secretAccessKey: string): string {
  const params = [...url.searchParams].filter(([name]) => name !== 'X-Amz-Signature');
  const canonicalQuery = params
    .map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonicalRequest = ['GET', '/', canonicalQuery, `host:${url.host}`, `x-k8s-aws-id:${clusterName}`, '', 'host;x-k8s-aws-id', createHash('sha256').update('').digest('hex')].join('\n');
  const date = url.searchParams.get('X-Amz-Date') ?? '';
  const scope = (url.searchParams.get('X-Amz-Credential') ?? '').split('/').slice(1).join('/');
  const stringToSign = ['AWS4-HMAC-SHA256', date, scope, createHash('sha256').update(canonicalRequest).digest('hex')].join('\n');
  const [day, region, service] = scope.split('/');
  let key: Buffer = createHmac('sha256', `AWS4${secretAccessKey}`).update(day ?? '').digest();
  for (const part of [region ?? '', service ?? '', 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}

/** Returns why a token is rejected, or undefined when EKS would accept it. */
export function eksTokenProblem(token: string, options: EksAuthenticatorOptions): string | undefined {
  if (!token.startsWith('k8s-aws-v1.')) return 'missing prefix';
  const encoded = token.slice('k8s-aws-v1.'.length);
  if (!/^[A-Za-z0-9_-]+$/.test(encoded)) return 'not base64url without padding';
  let url: URL;
  try {
    url = new URL(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'https:' || url.host !== `sts.${options.region}.amazonaws.com` || url.pathname !== '/') return `wrong STS endpoint ${url.origin}${url.pathname}`;
  for (const name of url.searchParams.keys()) if (!ALLOWED.has(name)) return `unexpected parameter ${name}`;
  if (url.searchParams.get('Action') !== 'GetCallerIdentity') return 'not GetCallerIdentity';
  if (url.searchParams.get('X-Amz-SignedHeaders') !== 'host;x-k8s-aws-id') return 'cluster id header not signed';
  if (url.searchParams.get('X-Amz-Signature') !== signatureFor(url, options.clusterName, options.secretAccessKey)) return 'bad signature (or another cluster)';
  const date = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(url.searchParams.get('X-Amz-Date') ?? '');
  if (!date) return 'no X-Amz-Date';
  const signedAt = Date.UTC(+date[1]!, +date[2]! - 1, +date[3]!, +date[4]!, +date[5]!, +date[6]!);
  if (options.now() - signedAt >= 15 * 60_000) return 'expired';
  return undefined;
}
