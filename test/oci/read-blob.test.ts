/**
 * readBlob, the whole-blob read behind configs and signature envelopes: the size limit is enforced from the descriptor
 * before anything is sent, and the bytes are checked against the digest, so a registry cannot swap content of the same
 * size (a forged signature envelope) past the reader.
 */
import { readSignature, SIGNATURE_ARTIFACT_TYPE, SignatureReadError, EMPTY_CONFIG } from '../../src/notation/storage.js';
import { DigestMismatchError, sha256Digest, shortDigest } from '../../src/oci/digest.js';
import { RegistryClient } from '../../src/oci/registry-client.js';
import { RegistryError } from '../../src/oci/registry-errors.js';
import { FakeClock } from '../support/fake-clock.js';
import { createInMemoryRegistry } from '../support/referrers-fake.js';
import { fakeTransport, forwardTo } from './helpers/fake-transport.js';

const encoder = new TextEncoder();
const SIGNED = encoder.encode('{"payload":"signed-by-the-real-key","signature":"AA"}');
const FORGED = encoder.encode('{"payload":"signed-by-the-fake-key","signature":"AA"}');
const signedDescriptor = { mediaType: 'application/jose+json', digest: sha256Digest(SIGNED), size: SIGNED.byteLength };

/**
 * An in-memory registry (anonymous, no ping) whose blob GETs for the digest of SIGNED answer FORGED: same size, other
 * bytes. Everything else is served as stored.
 */
function swappingRegistry() {
  const registry = createInMemoryRegistry({ referrersApi: false });
  const forward = forwardTo(registry);
  const transport = fakeTransport((request) => {
    if (request.method === 'GET' && request.url.pathname.endsWith(`/blobs/${signedDescriptor.digest}`)) {
      return new Response(FORGED, { status: 200, headers: { 'content-length': String(FORGED.byteLength), 'content-type': 'application/octet-stream' } });
    }
    return forward(request);
  });
  const client = new RegistryClient({ registry: 'r.example', fetch: transport.fetch, clock: new FakeClock(), retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 } });
  return { registry, transport, client };
}

describe('readBlob', () => {
  test('the two test envelopes have the same size and different digests', () => {
    expect(FORGED.byteLength).toBe(SIGNED.byteLength);
    expect(sha256Digest(FORGED)).not.toBe(signedDescriptor.digest);
  });

  test('bytes of the right size but another digest are refused with DigestMismatchError, without retrying', async () => {
    const { registry, transport, client } = swappingRegistry();
    registry.putBlob('app', SIGNED);
    const error = await client.readBlob('app', signedDescriptor).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DigestMismatchError);
    expect((error as Error).message).toBe(
      `blob ${signedDescriptor.digest} from app: content has digest ${sha256Digest(FORGED)}, expected ${signedDescriptor.digest}`,
    );
    expect(transport.lines()).toEqual([`GET /v2/app/blobs/${signedDescriptor.digest}`]);
  });

  test('a descriptor over the limit is refused before any request is made', async () => {
    const { registry, transport, client } = swappingRegistry();
    const digest = registry.putBlob('app', encoder.encode('0123456789a'));
    const error = await client.readBlob('app', { mediaType: 'x', digest, size: 11 }, 10).catch((e: unknown) => e);
    expect(transport.lines()).toEqual([]);
    expect(error).toBeInstanceOf(RegistryError);
    expect(error).toMatchObject({ transient: false });
    expect((error as Error).message).toBe(`reading blob ${shortDigest(digest)} from app failed: 11 bytes is over the 10 byte limit`);
  });

  test('the default limit is 64 MiB, also checked before any request', async () => {
    const { transport, client } = swappingRegistry();
    const digest = sha256Digest('never fetched');
    await expect(client.readBlob('app', { mediaType: 'x', digest, size: 64 * 1024 * 1024 + 1 })).rejects.toThrow(
      `reading blob ${shortDigest(digest)} from app failed: 67108865 bytes is over the 67108864 byte limit`,
    );
    expect(transport.lines()).toEqual([]);
  });

  test('a descriptor exactly at the limit is read', async () => {
    const { registry, transport, client } = swappingRegistry();
    const digest = registry.putBlob('app', encoder.encode('0123456789'));
    expect(Buffer.from(await client.readBlob('app', { mediaType: 'x', digest, size: 10 }, 10)).toString()).toBe('0123456789');
    expect(transport.lines()).toEqual([`GET /v2/app/blobs/${digest}`]);
  });
});

describe('readSignature on top of readBlob', () => {
  test('an envelope swapped for other bytes of the same size is a SignatureReadError naming the digest', async () => {
    const { registry, client } = swappingRegistry();
    registry.putBlob('app', SIGNED);
    registry.putBlob('app', encoder.encode('{}'));
    const manifest = encoder.encode(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        artifactType: SIGNATURE_ARTIFACT_TYPE,
        config: EMPTY_CONFIG,
        layers: [signedDescriptor],
      }),
    );
    const { digest } = await client.putManifest('app', sha256Digest(manifest), { mediaType: 'application/vnd.oci.image.manifest.v1+json', bytes: manifest });
    const descriptor = { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest, size: manifest.byteLength };
    const error = await readSignature(client, 'app', descriptor).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignatureReadError);
    expect((error as Error).message).toBe(
      `signature ${shortDigest(digest)}: the registry sent an envelope that does not match its digest ${signedDescriptor.digest}`,
    );
  });
});
