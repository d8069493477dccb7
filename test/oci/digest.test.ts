import { DigestMismatchError, parseDigest, readAll, sha256Digest, shortDigest, verifyBytes, verifyingStream } from '../../src/oci/digest.js';
import { describeErrorBody, isTransientNetworkError } from '../../src/oci/registry-errors.js';
import * as oci from '../../src/oci/index.js';

const HEX = 'a'.repeat(64);

describe('parseDigest', () => {
  test.each([
    [`sha256:${HEX}`, { algorithm: 'sha256', hex: HEX }],
    [`sha512:${'b'.repeat(128)}`, { algorithm: 'sha512', hex: 'b'.repeat(128) }],
    [`sha256:${'A'.repeat(64)}`, undefined],
    [`sha256:${HEX}0`, undefined],
    [`md5:${'a'.repeat(32)}`, undefined],
    [HEX, undefined],
    ['sha256:', undefined],
    ['', undefined],
  ])('%p', (value, expected) => expect(parseDigest(value)).toEqual(expected));
});

test('shortDigest keeps 12 hex digits', () => {
  expect(shortDigest(`sha256:${HEX}`)).toBe('sha256:aaaaaaaaaaaa…');
  expect(shortDigest('latest')).toBe('latest');
});

async function drain(chunks: string[], expected: { digest: string; size: number }): Promise<{ got: string[]; error?: unknown }> {
  const got: string[] = [];
  try {
    for await (const chunk of verifyingStream(chunks.map((c) => Buffer.from(c)), expected, 'blob x')) got.push(Buffer.from(chunk).toString());
    return { got };
  } catch (error) {
    return { got, error };
  }
}

describe('verifyingStream', () => {
  const content = { digest: sha256Digest('hello world'), size: 11 };
  test('passes matching content through unchanged', async () => {
    expect(await drain(['hello', ' ', 'world'], content)).toEqual({ got: ['hello', ' ', 'world'] });
  });
  test.each([
    ['wrong bytes', ['hello', ' ', 'World'], `blob x: content has digest ${sha256Digest('hello World')}, expected ${sha256Digest('hello world')}`],
    ['too short', ['hello'], 'blob x: content ended after 5 of the 11 bytes its descriptor declares'],
    ['too long', ['hello world', '!'], 'blob x: content is longer than the 11 bytes its descriptor declares'],
  ])('%s: fails, and the last chunk is never handed on', async (_label, chunks, message) => {
    const { got, error } = await drain(chunks, content);
    expect(error).toBeInstanceOf(DigestMismatchError);
    expect((error as Error).message).toBe(message);
    expect(got.join('').length).toBeLessThan(11);
  });
  test('an unsupported digest algorithm is refused', async () => {
    const { error } = await drain(['x'], { digest: `md5:${'a'.repeat(32)}`, size: 1 });
    expect((error as Error).message).toContain('is not a digest drydock can verify');
  });
});

test('verifyBytes and readAll', async () => {
  expect(() => verifyBytes(Buffer.from('abc'), { digest: sha256Digest('abc'), size: 3 }, 'x')).not.toThrow();
  expect(() => verifyBytes(Buffer.from('abc'), { digest: sha256Digest('abd'), size: 3 }, 'x')).toThrow(DigestMismatchError);
  expect(() => verifyBytes(Buffer.from('abc'), { digest: sha256Digest('abc'), size: 4 }, 'x')).toThrow('x: expected 4 bytes, got 3');
  await expect(readAll([Buffer.alloc(10), Buffer.alloc(10)], 15, 'the thing')).rejects.toThrow('the thing is larger than 15 bytes');
});

describe('describeErrorBody', () => {
  test.each([
    ['{"errors":[{"code":"DENIED","message":"denied"}]}', { code: 'DENIED', message: 'denied' }],
    ['{"errors":[{"code":"TAG_INVALID","message":"tag invalid","detail":"tag v1 is immutable"}]}', { code: 'TAG_INVALID', message: 'tag invalid (tag v1 is immutable)' }],
    ['{"errors":[]}', {}],
    ['{"message":"rate limited"}', { message: 'rate limited' }],
    ['null', {}],
    ['<html>\n<h1>502 Bad Gateway</h1>', { message: '<html>' }],
    ['', {}],
  ])('%p', (body, expected) => expect(describeErrorBody(body)).toEqual(expected));
});

describe('isTransientNetworkError', () => {
  const coded = (code: string) => new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });
  test.each([
    ['ECONNRESET', coded('ECONNRESET'), true],
    ['UND_ERR_SOCKET', coded('UND_ERR_SOCKET'), true],
    ['socket hang up', new Error('socket hang up'), true],
    ['body terminated', new TypeError('terminated', { cause: new Error('other side closed') }), true],
    ['content-length mismatch', coded('UND_ERR_REQ_CONTENT_LENGTH_MISMATCH'), false],
    ['ENOENT reading the source', coded('ENOENT'), false],
    ['digest mismatch inside fetch failed', new TypeError('fetch failed', { cause: new DigestMismatchError('bad') }), false],
    ['a plain bug', new RangeError('oops'), false],
  ])('%s -> %p', (_label, error, expected) => expect(isTransientNetworkError(error)).toBe(expected));
});

test('the index re-exports the public API', () => {
  for (const name of ['RegistryClient', 'copyImage', 'parseImageSource', 'openImageSource', 'parseImageReference', 'pushReferrer', 'listReferrers', 'RegistryError']) {
    expect(oci).toHaveProperty(name);
  }
});
