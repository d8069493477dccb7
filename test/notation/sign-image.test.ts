import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { createRecordingLogger } from '../../src/core/logger.js';
import { resolveArtifact } from '../../src/notation/artifact.js';
import { localImageSigner, signImage } from '../../src/notation/sign-image.js';
import { createLocalSigner } from '../../src/notation/sign.js';
import { parseImageReference } from '../../src/oci/reference.js';
import { RegistryClient } from '../../src/oci/registry-client.js';
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
