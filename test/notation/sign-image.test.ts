import { rmSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { createRecordingLogger } from '../../src/core/logger.js';
import { resolveArtifact } from '../../src/notation/artifact.js';
import { localImageSigner, signImage, type ImageSigner } from '../../src/notation/sign-image.js';
import { createLocalSigner } from '../../src/notation/sign.js';
import { EMPTY_CONFIG, EmptyConfigUploads } from '../../src/notation/storage.js';
import { parseImageReference } from '../../src/oci/reference.js';
import type { FetchLike } from '../../src/oci/http.js';
import { RegistryClient } from '../../src/oci/registry-client.js';
import type { InMemoryRegistry } from '../support/referrers-fake.js';
import { inMemoryRegistry, pushTestImage, REGISTRY, REPOSITORY, signingMaterial } from '../actions/notation-sign/support/harness.js';
import { tempDir } from '../support/temp-dir.js';

/** signImage with a local signer against the in-memory registry: what a signer remembers across the images of a run. */
const material = signingMaterial();
const NOW = new Date('2026-01-01T00:00:00Z');

describe('a local image signer', () => {
  it('reads its own trust store once: the already-signed check still works after the store left the disk', async () => {
    const registry = inMemoryRegistry();
    const client = new RegistryClient({ registry: REGISTRY, fetch: registry.fetch });
    await pushTestImage(registry, 'v1');
    await pushTestImage(registry, 'v2');
    const storeDir = tempDir('signer-store');
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
    const storeDir = tempDir('signer-store');
    const signer = await localImageSigner(createLocalSigner({ privateKeyPem: material.keyPem, certificateChainPem: material.chainPem }), storeDir);
    const artifact = await resolveArtifact(client, parseImageReference(`${REGISTRY}/${REPOSITORY}:v1`, 'images'));
    const sign = (overrides: Partial<{ signer: ImageSigner; force: boolean; emptyConfig: EmptyConfigUploads }> = {}) =>
      signImage({ client, artifact, signer, annotations: {}, force: false, forceReferrersTag: false, now: NOW, logger: createRecordingLogger(), ...overrides });
    return { registry, client, signer, sign };
  }
  const uploadLines = (registry: InMemoryRegistry, from: number) =>
    registry.log.slice(from).filter((entry) => entry.path.includes('/blobs/uploads/')).map((entry) => `${entry.method} ${entry.status}`);

  it('the envelope\'s session is opened while the envelope is signed, and the envelope goes up through it', async () => {
    const { registry, signer, sign } = await setup();
    const before = registry.log.length;
    // A signer that finishes only once the session's POST has reached the registry: were the session opened after
    // signing, it would give up and fail the signing.
    const waitsForSession: ImageSigner = {
      ...signer,
      sign: async (...args) => {
        for (let waited = 0; !registry.log.slice(before).some((entry) => entry.method === 'POST'); waited++) {
          if (waited > 2000) throw new Error('no upload session was opened while signing');
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
        return signer.sign(...args);
      },
    };
    expect((await sign({ signer: waitsForSession })).status).toBe('signed');
    // Two sessions in all, the envelope's and the empty config's, both used: none left open, none cancelled.
    expect(uploadLines(registry, before).sort()).toEqual(['POST 202', 'POST 202', 'PUT 201', 'PUT 201']);
    expect(registry.openUploads).toBe(0);
  });

  it('the run\'s empty config blob is checked and uploaded while the envelope is signed, then used by the manifest', async () => {
    const { registry, client, signer, sign } = await setup();
    const before = registry.log.length;
    const emptyConfigStored = () => registry.log.slice(before).some((entry) => entry.method === 'PUT' && entry.path.includes(encodeURIComponent(EMPTY_CONFIG.digest)));
    // Finishes only once the empty config is in the registry: were it ensured only when the envelope is stored, the
    // signer would give up and fail the signing.
    const waitsForEmptyConfig: ImageSigner = {
      ...signer,
      sign: async (...args) => {
        for (let waited = 0; !emptyConfigStored(); waited++) {
          if (waited > 2000) throw new Error('the empty config was not ensured while signing');
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
        return signer.sign(...args);
      },
    };
    expect((await sign({ signer: waitsForEmptyConfig, emptyConfig: new EmptyConfigUploads(client) })).status).toBe('signed');
    const emptyConfigRequests = registry.log.slice(before).filter((entry) => entry.path.includes(EMPTY_CONFIG.digest) || entry.path.includes(encodeURIComponent(EMPTY_CONFIG.digest)));
    expect(emptyConfigRequests.map((entry) => `${entry.method} ${entry.status}`)).toEqual(['HEAD 404', 'PUT 201']);
  });

  it('an image already signed: no session is opened, nothing is written', async () => {
    const { registry, sign } = await setup();
    await sign();
    const before = registry.log.length;
    expect((await sign()).status).toBe('already-signed');
    expect(registry.log.slice(before).filter((entry) => entry.method !== 'GET' && entry.method !== 'HEAD')).toEqual([]);
  });

  it('signing fails: the error is the signer\'s and the session is cancelled', async () => {
    const { registry, signer, sign } = await setup();
    const failing: ImageSigner = { ...signer, sign: async () => Promise.reject(new Error('the signing service said no')) };
    await expect(sign({ signer: failing, force: true })).rejects.toThrow('the signing service said no');
    expect(registry.openUploads).toBe(0);
    expect(uploadLines(registry, 0).filter((line) => line.startsWith('DELETE'))).toEqual(['DELETE 204']);
  });

  it('signing fails while the empty config goes up: the upload finishes before the error is reported, no session is left open', async () => {
    // The empty config's PUT is slow; the signer fails after its POST went through. The step ends as soon as the error
    // is reported, so an upload still in flight then would be left open in the registry.
    const { registry, client, signer, sign } = await setup((fetch) => async (input, init) => {
      if (init?.method === 'PUT') await new Promise((resolve) => setTimeout(resolve, 50));
      return fetch(input, init);
    });
    const failing: ImageSigner = {
      ...signer,
      sign: async () => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        throw new Error('the signing service said no');
      },
    };
    await expect(sign({ signer: failing, force: true, emptyConfig: new EmptyConfigUploads(client) })).rejects.toThrow('the signing service said no');
    expect(registry.openUploads).toBe(0);
    expect(uploadLines(registry, 0)).toEqual(expect.arrayContaining(['PUT 201', 'DELETE 204']));
  });

  it('a session that cannot be opened ahead is opened again when the envelope is stored', async () => {
    let refusals = 1;
    const { registry, sign } = await setup((fetch) => async (input, init) => {
      if (refusals > 0 && init?.method === 'POST') {
        refusals--;
        return new Response('{"errors":[{"code":"UNAVAILABLE","message":"busy"}]}', { status: 503 });
      }
      return fetch(input, init);
    });
    const before = registry.log.length;
    expect((await sign()).status).toBe('signed');
    // The refused POST never reached the registry; storing opened the envelope's session itself.
    expect(uploadLines(registry, before).sort()).toEqual(['POST 202', 'POST 202', 'PUT 201', 'PUT 201']);
    expect(registry.openUploads).toBe(0);
  });
});
