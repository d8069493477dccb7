import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { createRecordingLogger } from '../../src/core/logger.js';
import { resolveArtifact } from '../../src/notation/artifact.js';
import { localImageSigner, signImage, type ImageSigner } from '../../src/notation/sign-image.js';
import { createLocalSigner } from '../../src/notation/sign.js';
import { parseImageReference } from '../../src/oci/reference.js';
import type { FetchLike } from '../../src/oci/http.js';
import { RegistryClient } from '../../src/oci/registry-client.js';
import type { InMemoryRegistry } from '../support/referrers-fake.js';
import { inMemoryRegistry, pushTestImage, REGISTRY, REPOSITORY, signingMaterial } from '../actions/notation-sign/support/harness.js';

/** signImage with a local signer against the in-memory registry: what a signer remembers across the images of a run. */
const material = signingMaterial();
const NOW = new Date('2026-01-01T00:00:00Z');

describe('a local image signer', () => {
  it('reads its own trust store once: the already-signed check still works after the store left the disk', async () => {
    const registry = inMemoryRegistry();
    const client = new RegistryClient({ registry: REGISTRY, fetch: registry.fetch });
    await pushTestImage(registry, 'v1');
    await pushTestImage(registry, 'v2');
    const storeDir = mkdtempSync(path.join(tmpdir(), 'drydock-signer-store-'));
    const signer = await localImageSigner(createLocalSigner({ privateKeyPem: material.keyPem, certificateChainPem: material.chainPem }), storeDir);
    const sign = async (tag: string) =>
      signImage({
        client,
        artifact: await resolveArtifact(client, parseImageReference(`${REGISTRY}/${REPOSITORY}:${tag}`, 'images')),
        signer,
        annotations: {},
        force: false,
        forceReferrersTag: false,
        now: NOW,
        logger: createRecordingLogger(),
      });

    expect((await sign('v1')).status).toBe('signed');
    expect((await sign('v1')).status).toBe('already-signed'); // the store is read here, the first time it is needed
    rmSync(storeDir, { recursive: true });
    expect((await sign('v1')).status).toBe('already-signed');
    expect((await sign('v2')).status).toBe('signed');
  });
});

describe('signImage and the envelope\'s upload session', () => {
  /** One image in a fresh in-memory registry, a local signer, and signImage over a client with the given fetch. */
  async function setup(wrapFetch: (fetch: FetchLike) => FetchLike = (fetch) => fetch) {
    const registry = inMemoryRegistry();
    await pushTestImage(registry, 'v1');
    const client = new RegistryClient({ registry: REGISTRY, fetch: wrapFetch(registry.fetch), retry: { attempts: 1 } });
    const storeDir = mkdtempSync(path.join(tmpdir(), 'drydock-signer-store-'));
    const signer = await localImageSigner(createLocalSigner({ privateKeyPem: material.keyPem, certificateChainPem: material.chainPem }), storeDir);
    const artifact = await resolveArtifact(client, parseImageReference(`${REGISTRY}/${REPOSITORY}:v1`, 'images'));
    const sign = (overrides: Partial<{ signer: ImageSigner; force: boolean }> = {}) =>
      signImage({ client, artifact, signer, annotations: {}, force: false, forceReferrersTag: false, now: NOW, logger: createRecordingLogger(), ...overrides });
    return { registry, signer, sign };
  }
  const uploadLines = (registry: InMemoryRegistry, from: number) =>
    registry.log.slice(from).filter((entry) => entry.path.includes('/blobs/uploads/')).map((entry) => `${entry.method} ${entry.status}`);

  it('a new signature\'s envelope goes up through the session opened while the existing signatures were read', async () => {
    const { registry, sign } = await setup();
    const before = registry.log.length;
    expect((await sign()).status).toBe('signed');
    const calls = registry.log.slice(before);
    // The session's POST went out before the tag index lookup (the check) had answered, i.e. alongside it.
    const post = calls.findIndex((entry) => entry.method === 'POST');
    expect(post).toBeGreaterThanOrEqual(0);
    expect(post).toBeLessThan(calls.findIndex((entry) => entry.path.includes('/manifests/sha256-')));
    // The envelope's PUT used that very session; the only other upload is the empty config's.
    // The envelope went up through that session: two sessions in all (it and the empty config's), none cancelled.
    expect(uploadLines(registry, before).sort()).toEqual(['POST 202', 'POST 202', 'PUT 201', 'PUT 201']);
    expect(registry.openUploads).toBe(0);
  });

  it('an image already signed: the session is cancelled, nothing is written', async () => {
    const { registry, sign } = await setup();
    await sign();
    const before = registry.log.length;
    expect((await sign()).status).toBe('already-signed');
    expect(uploadLines(registry, before)).toEqual(['POST 202', 'DELETE 204']);
    expect(registry.log.slice(before).filter((entry) => entry.method === 'PUT')).toEqual([]);
    expect(registry.openUploads).toBe(0);
  });

  it('signing fails: the error is the signer\'s and the session is cancelled', async () => {
    const { registry, signer, sign } = await setup();
    const failing: ImageSigner = { ...signer, sign: async () => Promise.reject(new Error('the signing service said no')) };
    await expect(sign({ signer: failing, force: true })).rejects.toThrow('the signing service said no');
    expect(registry.openUploads).toBe(0);
    expect(registry.log.filter((entry) => entry.method === 'DELETE')).toHaveLength(1);
  });

  it('a session the registry refuses to open does not fail an image that is already signed', async () => {
    let refuse = false;
    const { registry, sign } = await setup((fetch) => async (input, init) => {
      if (refuse && init?.method === 'POST') return new Response('{"errors":[{"code":"DENIED","message":"no push"}]}', { status: 403 });
      return fetch(input, init);
    });
    await sign();
    refuse = true;
    const before = registry.log.length;
    expect((await sign()).status).toBe('already-signed');
    expect(registry.log.slice(before).filter((entry) => entry.method !== 'GET' && entry.method !== 'HEAD')).toEqual([]);
  });
});
