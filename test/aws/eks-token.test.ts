import { createHash, createHmac } from 'node:crypto';
import { SecretSet } from '../../src/core/secrets.js';
import { createEksToken, EKS_TOKEN_PREFIX, EksTokenSource, stsHost } from '../../src/aws/eks-token.js';
import { FakeClock } from '../support/fake-clock.js';

// Fixed credentials and time, so the token is the same on every run and every field can be checked.
const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const session = { ...credentials, sessionToken: 'FwoGZXIvYXdzEJr//////////wEaDH+session/token==' };
const signingDate = new Date('2026-03-01T12:34:56Z');

/** Decodes a token back into its URL; fails the test on anything that is not the documented shape. */
function decode(token: string): URL {
  expect(token.startsWith(EKS_TOKEN_PREFIX)).toBe(true);
  const encoded = token.slice(EKS_TOKEN_PREFIX.length);
  expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/); // base64url: no '+', '/', nor '=' padding
  return new URL(Buffer.from(encoded, 'base64url').toString('utf8'));
}

/** SigV4 computed independently of @smithy/signature-v4, from the published algorithm. */
function expectedSignature(url: URL, clusterName: string, secret: string): string {
  const params = [...url.searchParams].filter(([name]) => name !== 'X-Amz-Signature');
  const rfc3986 = (v: string) => encodeURIComponent(v).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const canonicalQuery = params
    .map(([k, v]) => [rfc3986(k), rfc3986(v)])
    .sort(([a], [b]) => (a! < b! ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonicalRequest = ['GET', '/', canonicalQuery, `host:${url.host}`, `x-k8s-aws-id:${clusterName}`, '', 'host;x-k8s-aws-id', createHash('sha256').update('').digest('hex')].join('\n');
  const date = url.searchParams.get('X-Amz-Date')!;
  const scope = url.searchParams.get('X-Amz-Credential')!.split('/').slice(1).join('/');
  const stringToSign = ['AWS4-HMAC-SHA256', date, scope, createHash('sha256').update(canonicalRequest).digest('hex')].join('\n');
  const [day, region, service] = scope.split('/');
  let key: Buffer = createHmac('sha256', `AWS4${secret}`).update(day!).digest();
  for (const part of [region!, service!, 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}

describe('EKS token', () => {
  test('is a presigned STS GetCallerIdentity URL, checked field by field', async () => {
    const { token, expiresAt } = await createEksToken({ clusterName: 'prod-eu', region: 'eu-west-1', credentials, signingDate });
    const url = decode(token);
    expect(url.protocol).toBe('https:');
    expect(url.host).toBe('sts.eu-west-1.amazonaws.com');
    expect(url.pathname).toBe('/');
    expect([...url.searchParams.keys()].sort()).toEqual([
      'Action',
      'Version',
      'X-Amz-Algorithm',
      'X-Amz-Credential',
      'X-Amz-Date',
      'X-Amz-Expires',
      'X-Amz-Signature',
      'X-Amz-SignedHeaders',
    ]);
    expect(url.searchParams.get('Action')).toBe('GetCallerIdentity');
    expect(url.searchParams.get('Version')).toBe('2011-06-15');
    expect(url.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(url.searchParams.get('X-Amz-Credential')).toBe('AKIAIOSFODNN7EXAMPLE/20260301/eu-west-1/sts/aws4_request');
    expect(url.searchParams.get('X-Amz-Date')).toBe('20260301T123456Z');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('60');
    // The cluster name is a signed header, not a query parameter: a token for one cluster is useless for another.
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('host;x-k8s-aws-id');
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(url.searchParams.get('X-Amz-Signature')).toBe(expectedSignature(url, 'prod-eu', credentials.secretAccessKey));
    // Accepted for 15 minutes after X-Amz-Date.
    expect(expiresAt).toBe(signingDate.getTime() + 15 * 60_000);
  });

  test('carries a session token as X-Amz-Security-Token, signed with the rest', async () => {
    const { token } = await createEksToken({ clusterName: 'prod-eu', region: 'eu-west-1', credentials: session, signingDate });
    const url = decode(token);
    expect(url.searchParams.get('X-Amz-Security-Token')).toBe(session.sessionToken);
    expect(url.searchParams.get('X-Amz-Signature')).toBe(expectedSignature(url, 'prod-eu', session.secretAccessKey));
  });

  test('a different cluster name gives a different signature', async () => {
    const a = decode((await createEksToken({ clusterName: 'a', region: 'us-east-1', credentials, signingDate })).token);
    const b = decode((await createEksToken({ clusterName: 'b', region: 'us-east-1', credentials, signingDate })).token);
    expect(a.searchParams.get('X-Amz-Signature')).not.toBe(b.searchParams.get('X-Amz-Signature'));
  });

  test.each([
    ['us-east-1', 'sts.us-east-1.amazonaws.com'],
    ['cn-north-1', 'sts.cn-north-1.amazonaws.com.cn'],
    ['us-gov-west-1', 'sts.us-gov-west-1.amazonaws.com'],
  ])('STS host for %s is %s', (region, host) => expect(stsHost(region)).toBe(host));
});

describe('EksTokenSource', () => {
  test('reuses a token for 14 minutes, then signs a new one with fresh credentials; every token is masked', async () => {
    const clock = new FakeClock(signingDate.getTime());
    const secrets = new SecretSet();
    let calls = 0;
    const source = new EksTokenSource({
      clusterName: 'prod-eu',
      region: 'eu-west-1',
      credentials: async () => ({ ...credentials, accessKeyId: `AKIA${++calls}` }),
      clock,
      secrets,
    });
    const [first, concurrent] = await Promise.all([source.token(), source.token()]);
    expect(concurrent).toBe(first);
    expect(calls).toBe(1);
    expect(secrets.appearsIn(first)).toBe(true);
    clock.current += 14 * 60_000 - 1;
    expect(await source.token()).toBe(first);
    clock.current += 1;
    const second = await source.token();
    expect(second).not.toBe(first);
    expect(calls).toBe(2);
    expect(decode(second).searchParams.get('X-Amz-Credential')).toBe('AKIA2/20260301/eu-west-1/sts/aws4_request');
    expect(decode(second).searchParams.get('X-Amz-Date')).toBe('20260301T124856Z');
    expect(secrets.appearsIn(second)).toBe(true);
  });
});
