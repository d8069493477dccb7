/**
 * notation-sign through executeAction against the in-memory registry. The local-key path runs for real; the AWS
 * Signer path has SignPayload and GetRevocationStatus doubled with aws-sdk-client-mock (support/aws-signer-double.ts),
 * since no AWS Signer can run here.
 */
import { ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import { GetRevocationStatusCommand, SignPayloadCommand } from '@aws-sdk/client-signer';
import { mockClient } from 'aws-sdk-client-mock';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createNotationSign, type NotationSignClients } from '../../../src/actions/notation-sign/main.js';
import { reportStopped } from '../../../src/core/action.js';
import { InputReader } from '../../../src/core/inputs.js';
import { resolveArtifact } from '../../../src/notation/artifact.js';
import { EMPTY_CONFIG, listSignatures, readSignature } from '../../../src/notation/storage.js';
import { parseTrustPolicy } from '../../../src/notation/trust-policy.js';
import { verifyImage } from '../../../src/notation/verify-image.js';
import { referrersTag } from '../../../src/oci/referrers.js';
import { parseImageReference } from '../../../src/oci/reference.js';
import { RegistryClient } from '../../../src/oci/registry-client.js';
import type { InMemoryRegistry } from '../../support/referrers-fake.js';
import {
  mockAwsSigner,
  OTHER_PROFILE_VERSION_ARN,
  PROFILE_ARN,
  signerLeaf,
  strangerRoot,
  writeSignerTrustStore,
  type SignPayloadBehaviour,
} from './support/aws-signer-double.js';
import { inMemoryRegistry, mockedSignerClient, pushTestImage, REGISTRY, REPOSITORY, registryClients, runAction, signingMaterial } from './support/harness.js';
import { LEAF_SUBJECT } from '../../notation/support/standard-pki.js';
import { testContext } from '../../support/context.js';
import { codeSigningLeaf, intermediateCa, keyPem } from '../../notation/support/test-pki.js';

const NOW = new Date('2026-01-01T00:00:00Z'); // the FakeClock's start
const material = signingMaterial();
const IMAGE = `${REGISTRY}/${REPOSITORY}`;

function localClients(registry: InMemoryRegistry): NotationSignClients {
  return {
    ...registryClients(registry),
    signer: () => {
      throw new Error('a local-key run must not call AWS Signer');
    },
    awsSignerTrust: async () => {
      throw new Error('a local-key run needs no AWS Signer root');
    },
  };
}

function signLocal(registry: InMemoryRegistry, inputs: Record<string, string>) {
  return runAction(createNotationSign(localClients(registry)), { key: 'signing.key', 'certificate-chain': 'chain.pem', ...inputs }, material.work);
}

async function signaturesOf(registry: InMemoryRegistry, digest: string) {
  return listSignatures(new RegistryClient({ registry: REGISTRY, fetch: registry.fetch }), REPOSITORY, digest);
}

async function verifyWithTestPolicy(registry: InMemoryRegistry, reference: string) {
  const client = new RegistryClient({ registry: REGISTRY, fetch: registry.fetch });
  return verifyImage({
    client,
    artifact: await resolveArtifact(client, parseImageReference(reference, 'images')),
    trustPolicy: parseTrustPolicy(material.policy(), 'test'),
    trustStoreDir: material.trustStoreDir,
    verifyAt: NOW,
  });
}

describe('notation-sign with a local key', () => {
  test('resolves tags, signs each digest, stores spec signatures that verify, and outputs them', async () => {
    const registry = inMemoryRegistry();
    const v1 = await pushTestImage(registry, 'v1');
    const v2 = await pushTestImage(registry, 'v2');
    const run = await signLocal(registry, { images: `${IMAGE}:v1\n${IMAGE}@${v2.digest}`, annotations: 'org.example.build=42\norg.example.commit=abc,def' });
    expect(run.errors()).toEqual([]);
    expect(run.code).toBe(0);

    const signatures = JSON.parse(run.outputs.get('signatures')!) as Array<Record<string, string>>;
    expect(signatures.map((s) => [s.image, s.reference, s.digest])).toEqual([
      [`${IMAGE}:v1`, `${IMAGE}@${v1.digest}`, v1.digest],
      [`${IMAGE}@${v2.digest}`, `${IMAGE}@${v2.digest}`, v2.digest],
    ]);
    expect(run.outputs.has('signature-digest')).toBe(false); // two images: only the list
    for (const [index, image] of [v1, v2].entries()) {
      const stored = await signaturesOf(registry, image.digest);
      expect(stored.map((d) => d.digest)).toEqual([signatures[index]!.signatureDigest]);
      expect(stored[0]!.annotations!['io.cncf.notary.x509chain.thumbprint#S256']).toBe(
        JSON.stringify(material.chain.chain.map((c) => sha256Hex(c.der))),
      );
      const verified = await verifyWithTestPolicy(registry, `${IMAGE}@${image.digest}`);
      expect(verified.verdict).toBe('pass');
      expect(verified.signature?.outcome?.signature?.targetArtifact.annotations).toEqual({ 'org.example.build': '42', 'org.example.commit': 'abc,def' });
    }
    // The registry has no referrers API: the tag schema index was written.
    expect(registry.tags(REPOSITORY)).toContain(referrersTag(v1.digest));

    expect(run.summary).toContain('Signer: local key of certificate "CN=Drydock Test Signer,O=Drydock,L=Seattle,ST=WA,C=US"');
    expect(run.summary).toContain('signed; stored under the referrers tag sha256-');
    expect(run.summary).toContain('Tags were resolved to digests before signing; the digest is what was signed:');
    expect(run.summary).toContain(`* ${IMAGE}:v1 → ${IMAGE}@${v1.digest}`);
    expect(run.summary).not.toContain(`${IMAGE}@${v2.digest} →`);
  });

  test('an image already signed by the same key is left alone; force adds a signature; other annotations count as new', async () => {
    const registry = inMemoryRegistry({ referrersApi: true, sendSubjectHeader: true });
    const image = await pushTestImage(registry, 'v1');
    const first = await signLocal(registry, { images: `${IMAGE}:v1` });
    expect(first.code).toBe(0);
    const signatureDigest = first.outputs.get('signature-digest');
    expect(first.summary).toContain('signed; stored, indexed by the registry (referrers API)');

    const again = await signLocal(registry, { images: `${IMAGE}:v1` });
    expect(again.code).toBe(0);
    expect(again.outputs.get('signature-digest')).toBe(signatureDigest);
    expect(again.summary).toContain('already signed by this signer; not signed again (set force: true to add a signature)');
    expect(await signaturesOf(registry, image.digest)).toHaveLength(1);

    const forced = await signLocal(registry, { images: `${IMAGE}:v1`, force: 'true' });
    expect(forced.outputs.get('signature-digest')).not.toBe(signatureDigest);
    expect(await signaturesOf(registry, image.digest)).toHaveLength(2);

    const annotated = await signLocal(registry, { images: `${IMAGE}:v1`, annotations: 'org.example.build=43' });
    expect(annotated.summary).toContain('signed; stored');
    expect(await signaturesOf(registry, image.digest)).toHaveLength(3);
    // With the same annotations, that signature is found next time.
    const annotatedAgain = await signLocal(registry, { images: `${IMAGE}:v1`, annotations: 'org.example.build=43' });
    expect(annotatedAgain.outputs.get('signature-digest')).toBe(annotated.outputs.get('signature-digest'));
  });

  test('"the same annotations" means exactly the same: a signature carrying a key more, or fewer, is not the one asked for', async () => {
    const registry = inMemoryRegistry();
    const image = await pushTestImage(registry, 'v1');
    const both = await signLocal(registry, { images: `${IMAGE}:v1`, annotations: 'org.example.env=staging\norg.example.build=1' });
    expect(both.code).toBe(0);
    for (const annotations of ['org.example.build=1', '']) {
      const run = await signLocal(registry, { images: `${IMAGE}:v1`, annotations });
      expect(run.summary).toContain('signed; stored');
      expect(run.outputs.get('signature-digest')).not.toBe(both.outputs.get('signature-digest'));
    }
    expect(await signaturesOf(registry, image.digest)).toHaveLength(3);
    const bothAgain = await signLocal(registry, { images: `${IMAGE}:v1`, annotations: 'org.example.build=1\norg.example.env=staging' });
    expect(bothAgain.outputs.get('signature-digest')).toBe(both.outputs.get('signature-digest'));
  });

  describe('force-referrers-tag on a registry with the referrers API', () => {
    const tagIndexOf = (registry: InMemoryRegistry, digest: string) => {
      const stored = registry.manifest(REPOSITORY, referrersTag(digest));
      return stored && (JSON.parse(Buffer.from(stored.bytes).toString()) as { manifests: { digest: string }[] }).manifests.map((d) => d.digest);
    };
    /** The registry with every PUT of a referrers tag refused as an immutable ECR repository refuses it, while `refuse` holds. */
    function immutableTags(registry: InMemoryRegistry) {
      const state = { refuse: true };
      const gated = Object.assign(Object.create(registry) as InMemoryRegistry, {
        fetch: async (url: string, init: RequestInit & { duplex?: 'half' }) =>
          state.refuse && init.method === 'PUT' && new URL(url).pathname.includes('/manifests/sha256-')
            ? new Response('{"errors":[{"code":"TAG_INVALID","message":"The image tag already exists and cannot be overwritten"}]}', { status: 400 })
            : registry.fetch(url, init),
      });
      return { gated, state };
    }

    test('records a new signature under the referrers tag too, and one signed before the flag was set', async () => {
      const registry = inMemoryRegistry({ referrersApi: true, sendSubjectHeader: true });
      const image = await pushTestImage(registry, 'v1');
      const v2 = await pushTestImage(registry, 'v2');
      const tagged = await signLocal(registry, { images: `${IMAGE}:v1`, 'force-referrers-tag': 'true' });
      expect(tagged.errors()).toEqual([]);
      expect(tagged.summary).toContain(`stored under the referrers tag ${referrersTag(image.digest).slice(0, 19)}…`);
      expect(tagIndexOf(registry, image.digest)).toEqual([tagged.outputs.get('signature-digest')]);

      const untagged = await signLocal(registry, { images: `${IMAGE}:v2` });
      expect(tagIndexOf(registry, v2.digest)).toBeUndefined();
      const again = await signLocal(registry, { images: `${IMAGE}:v2`, 'force-referrers-tag': 'true' });
      expect(again.summary).toContain('already signed by this signer');
      expect(again.outputs.get('signature-digest')).toBe(untagged.outputs.get('signature-digest'));
      expect(tagIndexOf(registry, v2.digest)).toEqual([untagged.outputs.get('signature-digest')]);
      expect(await signaturesOf(registry, v2.digest)).toHaveLength(1);
    });

    test('a refused tag write fails the step and says the signature is stored; the rerun records it without signing again', async () => {
      const registry = inMemoryRegistry({ referrersApi: true, sendSubjectHeader: true });
      const image = await pushTestImage(registry, 'v1');
      const { gated, state } = immutableTags(registry);
      const refused = await runAction(createNotationSign(localClients(gated)), { key: 'signing.key', 'certificate-chain': 'chain.pem', images: `${IMAGE}:v1`, 'force-referrers-tag': 'true' }, material.work);
      expect(refused.code).toBe(1);
      const [stored] = await signaturesOf(registry, image.digest);
      expect(refused.errors()[0]).toContain(
        `400 TAG_INVALID: The image tag already exists and cannot be overwritten; signature ${stored!.digest.slice(0, 19)}… is stored and the registry's referrers API lists it, but the referrers tag does not: run the step again to record it there`,
      );

      state.refuse = false;
      const rerun = await runAction(createNotationSign(localClients(gated)), { key: 'signing.key', 'certificate-chain': 'chain.pem', images: `${IMAGE}:v1`, 'force-referrers-tag': 'true' }, material.work);
      expect(rerun.errors()).toEqual([]);
      expect(rerun.outputs.get('signature-digest')).toBe(stored!.digest);
      expect(tagIndexOf(registry, image.digest)).toEqual([stored!.digest]);
      expect(await signaturesOf(registry, image.digest)).toHaveLength(1);
    });
  });

  test('without the referrers API, a refused tag write takes the signature manifest back: no signature is half-stored', async () => {
    const registry = inMemoryRegistry();
    const image = await pushTestImage(registry, 'v1');
    const manifestsBefore = [...registry.repository(REPOSITORY).manifests.keys()];
    const gated = Object.assign(Object.create(registry) as InMemoryRegistry, {
      fetch: async (url: string, init: RequestInit & { duplex?: 'half' }) =>
        init.method === 'PUT' && new URL(url).pathname.includes('/manifests/sha256-')
          ? new Response('{"errors":[{"code":"DENIED","message":"tag is immutable"}]}', { status: 403 })
          : registry.fetch(url, init),
    });
    const run = await runAction(createNotationSign(localClients(gated)), { key: 'signing.key', 'certificate-chain': 'chain.pem', images: `${IMAGE}:v1` }, material.work);
    expect(run.code).toBe(1);
    expect(run.errors()[0]).toMatch(/403 DENIED: tag is immutable; the manifest sha256:[0-9a-f]{12}…, pushed before it, was deleted again/);
    expect(run.outputs.get('signatures')).toBe('[]');
    expect([...registry.repository(REPOSITORY).manifests.keys()]).toEqual(manifestsBefore);
    expect(await signaturesOf(registry, image.digest)).toEqual([]);
  });

  test('images are signed side by side, as many at once as concurrency says', async () => {
    const registry = inMemoryRegistry();
    await Promise.all(['v1', 'v2', 'v3'].map((tag) => pushTestImage(registry, tag)));
    let inFlight = 0;
    let most = 0;
    let secondArrived: () => void = () => {};
    const second = new Promise<void>((resolve) => (secondArrived = resolve));
    // Each tag's HEAD is held until a second one is in flight (or 1 s passes): one image at a time would show 1.
    const gated = Object.assign(Object.create(registry) as InMemoryRegistry, {
      fetch: async (url: string, init: RequestInit & { duplex?: 'half' }) => {
        if (init.method !== 'HEAD' || !/\/manifests\/v\d$/.test(new URL(url).pathname)) return registry.fetch(url, init);
        most = Math.max(most, ++inFlight);
        if (inFlight === 2) secondArrived();
        await Promise.race([second, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
        try {
          return await registry.fetch(url, init);
        } finally {
          inFlight--;
        }
      },
    });
    const run = await runAction(createNotationSign(localClients(gated)), { key: 'signing.key', 'certificate-chain': 'chain.pem', images: `${IMAGE}:v1\n${IMAGE}:v2\n${IMAGE}:v3`, concurrency: '2' }, material.work);
    expect(run.errors()).toEqual([]);
    expect(most).toBe(2);
  });

  test('the signatures it stored are recorded for the summary of a step stopped by a second signal; one it found is not', async () => {
    const registry = inMemoryRegistry(); // no referrers API: signatures are listed under the referrers tag
    const v1 = await pushTestImage(registry, 'v1');
    const v2 = await pushTestImage(registry, 'v2');
    expect((await signLocal(registry, { images: `${IMAGE}:v1` })).code).toBe(0);
    const { context, lines } = testContext();
    const action = createNotationSign(localClients(registry));
    const settings = action.parse(new InputReader(new Map(Object.entries({ images: `${IMAGE}:v1\n${IMAGE}:v2`, key: 'signing.key', 'certificate-chain': 'chain.pem' })), material.work), context);
    // The run itself, without executeAction's own summary write, as when the process is stopped before it.
    await action.run(settings, context);
    lines.length = 0;
    reportStopped(context, 'SIGTERM');
    const stopped = lines[1]!.message;
    const [signature] = await signaturesOf(registry, v2.digest);
    expect(stopped.slice(stopped.indexOf('== Changed before it stopped ==')).split('\n')).toEqual([
      '== Changed before it stopped ==',
      `  * ${IMAGE}@${v2.digest}: signature ${signature!.digest} stored, listed under its referrers tag ${referrersTag(v2.digest)}`,
    ]);
    expect(stopped).not.toContain(`${IMAGE}@${v1.digest}: signature`);
  });

  test('a signature of the same image by another key of the same CA does not count as already signed', async () => {
    const registry = inMemoryRegistry();
    const image = await pushTestImage(registry, 'v1');
    const otherLeaf = codeSigningLeaf(LEAF_SUBJECT, 'leaf-p256', material.chain.intermediate);
    const otherRun = await runAction(
      createNotationSign(localClients(registry)),
      { images: `${IMAGE}:v1`, key: keyPem('leaf-p256'), 'certificate-chain': [otherLeaf, material.chain.intermediate, material.chain.root].map((c) => c.pem).join('') },
      material.work,
    );
    expect(otherRun.code).toBe(0);
    const mine = await signLocal(registry, { images: `${IMAGE}:v1` });
    expect(mine.summary).toContain('signed; stored');
    expect(await signaturesOf(registry, image.digest)).toHaveLength(2);
    expect(mine.lines).toContainEqual({
      level: 'info',
      message: `${IMAGE}@${image.digest}: 1 existing signature(s), none a valid one by ${LEAF_SUBJECT} (it was signed with another certificate, "${LEAF_SUBJECT}"); signing`,
    });
  });

  test('a tag and its digest are signed once; a missing image fails the step after the others are signed', async () => {
    const registry = inMemoryRegistry();
    const image = await pushTestImage(registry, 'v1');
    const run = await signLocal(registry, { images: [`${IMAGE}:v1`, `${IMAGE}@${image.digest}`, `${IMAGE}:missing`].join('\n') });
    expect(run.code).toBe(1);
    expect(run.errors()).toEqual([
      `1 of 3 image(s) could not be signed. ${IMAGE}:missing: the registry has no manifest tagged missing in ${REPOSITORY}; push the image first or fix the reference`,
    ]);
    expect(await signaturesOf(registry, image.digest)).toHaveLength(1);
    const signatures = JSON.parse(run.outputs.get('signatures')!) as Array<Record<string, string>>;
    expect(signatures).toHaveLength(2);
    expect(signatures[0]!.signatureDigest).toBe(signatures[1]!.signatureDigest);
    expect(run.summary).toContain(`(same digest as ${IMAGE}:v1, signed once)`);
    expect(run.summary).toContain('failed: the registry has no manifest tagged missing in team/app');
  });

  test('one image named by its tag and its digest is one signature: signature-digest is set', async () => {
    const registry = inMemoryRegistry();
    const image = await pushTestImage(registry, 'v1');
    const run = await signLocal(registry, { images: [`${IMAGE}:v1`, `${IMAGE}@${image.digest}`].join('\n') });
    expect(run.code).toBe(0);
    const signatures = JSON.parse(run.outputs.get('signatures')!) as Array<Record<string, string>>;
    expect(run.outputs.get('signature-digest')).toBe(signatures[0]!.signatureDigest);
  });

  test('an image is signed as soon as it is resolved, without waiting for the rest of the batch', async () => {
    const registry = inMemoryRegistry();
    const first = await pushTestImage(registry, 'v1');
    await pushTestImage(registry, 'v2');
    const events: string[] = [];
    let firstSignatureStored: () => void = () => {};
    const stored = new Promise<void>((resolve) => (firstSignatureStored = resolve));
    // v2's tag answers only once v1's signature manifest is stored (or after 2 s): a batch that resolved every image
    // before signing any would show v2 resolved first.
    const gated = Object.assign(Object.create(registry) as InMemoryRegistry, {
      fetch: async (url: string, init: RequestInit & { duplex?: 'half' }) => {
        const { pathname } = new URL(url);
        if (init.method === 'HEAD' && pathname.endsWith('/manifests/v2')) await Promise.race([stored, new Promise((r) => setTimeout(r, 2000).unref())]); // unref: keeps no test run alive
        const response = await registry.fetch(url, init);
        events.push(`${init.method ?? 'GET'} ${pathname}`);
        if (init.method === 'PUT' && /\/manifests\/sha256:/.test(pathname) && !pathname.includes(first.digest)) firstSignatureStored();
        return response;
      },
    });
    const run = await runAction(createNotationSign(localClients(gated)), { key: 'signing.key', 'certificate-chain': 'chain.pem', images: `${IMAGE}:v1\n${IMAGE}:v2`, concurrency: '2' }, material.work);
    expect(run.errors()).toEqual([]);
    const firstSignaturePut = events.findIndex((event) => event.startsWith('PUT ') && /\/manifests\/sha256:/.test(event));
    expect(firstSignaturePut).toBeGreaterThanOrEqual(0);
    expect(firstSignaturePut).toBeLessThan(events.indexOf(`HEAD /v2/${REPOSITORY}/manifests/v2`));
  });

  describe('an image given by digest', () => {
    /** The registry with manifest HEADs held until `release`; `sent` records each request as it goes out. */
    function heldHeads(registry: InMemoryRegistry) {
      const sent: string[] = [];
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const held = Object.assign(Object.create(registry) as InMemoryRegistry, {
        fetch: async (url: string, init: RequestInit & { duplex?: 'half' }) => {
          const { pathname } = new URL(url);
          sent.push(`${init.method ?? 'GET'} ${pathname}`);
          if (init.method === 'HEAD' && pathname.includes('/manifests/')) await gate;
          return registry.fetch(url, init);
        },
      });
      return { held, sent, release };
    }
    const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

    test('has its signatures listed while the registry confirms the digest; a second run finds its own and writes nothing', async () => {
      const registry = inMemoryRegistry();
      const image = await pushTestImage(registry, 'v1');
      const reference = `${IMAGE}@${image.digest}`;
      const tagIndex = `GET /v2/${REPOSITORY}/manifests/${referrersTag(image.digest)}`;
      for (const run of [1, 2]) {
        const { held, sent, release } = heldHeads(registry);
        const signing = runAction(createNotationSign(localClients(held)), { key: 'signing.key', 'certificate-chain': 'chain.pem', images: reference }, material.work);
        await settle();
        expect(sent).toContain(`HEAD /v2/${REPOSITORY}/manifests/${image.digest}`);
        expect(sent).toContain(tagIndex);
        release();
        const result = await signing;
        expect(result.errors()).toEqual([]);
        expect(result.summary).toContain(run === 1 ? 'signed' : 'already signed');
        // Looked for once per run: the early listing is the one the existing-signature check used.
        expect(sent.filter((request) => request === tagIndex)).toHaveLength(run === 1 ? 2 : 1);
      }
      expect(await signaturesOf(registry, image.digest)).toHaveLength(1);
    });

    test('under force nothing is listed before the digest is confirmed', async () => {
      const registry = inMemoryRegistry();
      const image = await pushTestImage(registry, 'v1');
      const { held, sent, release } = heldHeads(registry);
      const signing = runAction(createNotationSign(localClients(held)), { key: 'signing.key', 'certificate-chain': 'chain.pem', images: `${IMAGE}@${image.digest}`, force: 'true' }, material.work);
      await settle();
      expect(sent.filter((request) => !request.includes('/blobs/uploads/'))).toEqual([`HEAD /v2/${REPOSITORY}/manifests/${image.digest}`]);
      release();
      expect((await signing).errors()).toEqual([]);
    });

    test('a digest the registry does not have fails with the resolution message', async () => {
      const registry = inMemoryRegistry();
      const missing = `sha256:${'ab'.repeat(32)}`;
      const run = await signLocal(registry, { images: `${IMAGE}@${missing}` });
      expect(run.code).toBe(1);
      expect(run.errors()[0]).toContain(`the registry has no manifest ${missing} in ${REPOSITORY}; push the image first or fix the reference`);
    });
  });

  test('many images of one repository at once: the shared empty config blob is uploaded once', async () => {
    const registry = inMemoryRegistry();
    const images = await Promise.all(Array.from({ length: 12 }, (_, i) => pushTestImage(registry, `v${i}`)));
    const run = await signLocal(registry, { images: images.map((_, i) => `${IMAGE}:v${i}`).join('\n'), concurrency: '12' });
    expect(run.errors()).toEqual([]);
    const emptyConfigUploads = registry.log.filter((entry) => entry.method === 'PUT' && entry.path.includes(`digest=${encodeURIComponent(EMPTY_CONFIG.digest)}`));
    expect(emptyConfigUploads).toHaveLength(1);
    for (const image of images) expect(await signaturesOf(registry, image.digest)).toHaveLength(1);
  });

  test('several images of one repository without the referrers API: one tag listing replaces the index reads before signing', async () => {
    const registry = inMemoryRegistry();
    const images = await Promise.all(Array.from({ length: 4 }, (_, i) => pushTestImage(registry, `v${i}`)));
    expect((await signLocal(registry, { images: `${IMAGE}:v0` })).code).toBe(0);
    registry.log.length = 0;
    const run = await signLocal(registry, { images: images.map((_, i) => `${IMAGE}:v${i}`).join('\n') });
    expect(run.errors()).toEqual([]);
    expect(run.summary).toContain('already signed by this signer');
    expect(registry.log.filter((entry) => entry.path.includes('/tags/list'))).toHaveLength(1);
    const indexReads = (digest: string) => registry.log.filter((entry) => entry.method === 'GET' && entry.path.endsWith(`/manifests/${referrersTag(digest)}`));
    // v0 has a referrers tag: its signatures are read and it is found signed. v1 to v3 have none: their index is read
    // only once, just before their new signature is added to it.
    expect(indexReads(images[0]!.digest)).toHaveLength(1);
    for (const image of images.slice(1)) {
      expect(indexReads(image.digest)).toHaveLength(1);
      expect(await signaturesOf(registry, image.digest)).toHaveLength(1);
    }
    expect(await signaturesOf(registry, images[0]!.digest)).toHaveLength(1);
  });

  test('its scratch directory is made under RUNNER_TEMP and removed when the run ends', async () => {
    const registry = inMemoryRegistry();
    await pushTestImage(registry, 'v1');
    const runnerTemp = mkdtempSync(path.join(tmpdir(), 'drydock-sign-runner-temp-'));
    const during: string[][] = [];
    const watching = Object.assign(Object.create(registry) as InMemoryRegistry, {
      fetch: async (url: string, init: RequestInit & { duplex?: 'half' }) => {
        during.push(readdirSync(runnerTemp));
        return registry.fetch(url, init);
      },
    });
    try {
      const run = await runAction(createNotationSign(localClients(watching)), { key: 'signing.key', 'certificate-chain': 'chain.pem', images: `${IMAGE}:v1` }, material.work, { RUNNER_TEMP: runnerTemp });
      expect(run.errors()).toEqual([]);
      expect(during.length).toBeGreaterThan(0);
      for (const entries of during) expect(entries).toEqual([expect.stringMatching(/^drydock-notation-sign-/)]);
      expect(readdirSync(runnerTemp)).toEqual([]);
    } finally {
      rmSync(runnerTemp, { recursive: true, force: true });
    }
  });

  test('a refused tag listing is not an error: each image reads its own index instead, and the debug log says why', async () => {
    const registry = inMemoryRegistry();
    const images = [await pushTestImage(registry, 'v1'), await pushTestImage(registry, 'v2')];
    const refusing = Object.assign(Object.create(registry) as InMemoryRegistry, {
      fetch: async (url: string, init: RequestInit & { duplex?: 'half' }) =>
        new URL(url).pathname.endsWith('/tags/list')
          ? new Response('{"errors":[{"code":"DENIED","message":"requested access to the resource is denied"}]}', { status: 403 })
          : registry.fetch(url, init),
    });
    const run = await runAction(createNotationSign(localClients(refusing)), { key: 'signing.key', 'certificate-chain': 'chain.pem', images: `${IMAGE}:v1\n${IMAGE}:v2` }, material.work);
    expect(run.errors()).toEqual([]);
    expect(run.lines.filter((line) => line.level === 'debug' && line.message.startsWith('listing tags of'))).toEqual([
      { level: 'debug', message: `listing tags of ${REPOSITORY} failed: 403 DENIED: requested access to the resource is denied; each image's referrers tag index is read instead` },
    ]);
    for (const image of images) {
      // Read twice: when looking for an existing signature, and just before the new one is added to it.
      expect(registry.log.filter((entry) => entry.method === 'GET' && entry.path.endsWith(`/manifests/${referrersTag(image.digest)}`))).toHaveLength(2);
      expect(await signaturesOf(registry, image.digest)).toHaveLength(1);
    }
  });

  test('no tag listing on ECR, where it would need ecr:ListImages (ECR has the referrers API anyway)', async () => {
    const ecrHost = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
    const registry = inMemoryRegistry();
    await pushTestImage(registry, 'v1');
    await pushTestImage(registry, 'v2');
    const ecr = new ECRClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' } });
    mockClient(ecr).on(GetAuthorizationTokenCommand).resolves({
      authorizationData: [{ authorizationToken: Buffer.from('AWS:ecr-password').toString('base64'), proxyEndpoint: `https://${ecrHost}`, expiresAt: new Date('2026-01-01T12:00:00Z') }],
    });
    const run = await runAction(
      createNotationSign({ ...localClients(registry), ecr: async () => ecr }),
      { key: 'signing.key', 'certificate-chain': 'chain.pem', images: `${ecrHost}/${REPOSITORY}:v1\n${ecrHost}/${REPOSITORY}:v2` },
      material.work,
    );
    expect(run.errors()).toEqual([]);
    expect(registry.log.filter((entry) => entry.path.includes('/tags/list'))).toEqual([]);
    expect(registry.log.filter((entry) => entry.method === 'PUT' && entry.path.includes('/manifests/sha256:'))).toHaveLength(2);
  });

  test('no tag listing for a single image, under force, or where the registry has the referrers API', async () => {
    const plain = inMemoryRegistry();
    await pushTestImage(plain, 'v1');
    await pushTestImage(plain, 'v2');
    expect((await signLocal(plain, { images: `${IMAGE}:v1` })).code).toBe(0);
    expect((await signLocal(plain, { images: `${IMAGE}:v1\n${IMAGE}:v2`, force: 'true' })).code).toBe(0);
    const withApi = inMemoryRegistry({ referrersApi: true, sendSubjectHeader: true });
    await pushTestImage(withApi, 'v1');
    await pushTestImage(withApi, 'v2');
    expect((await signLocal(withApi, { images: `${IMAGE}:v1\n${IMAGE}:v2` })).code).toBe(0);
    for (const registry of [plain, withApi]) expect(registry.log.filter((entry) => entry.path.includes('/tags/list'))).toEqual([]);
  });

  test('the key is masked the moment it is read, from a file or inline', async () => {
    const registry = inMemoryRegistry();
    await pushTestImage(registry, 'v1');
    const inline = await runAction(createNotationSign(localClients(registry)), { images: `${IMAGE}:v1`, key: material.keyPem, 'certificate-chain': material.chainPem }, material.work);
    expect(inline.code).toBe(0);
    const keyBody = material.keyPem.split('\n')[1]!;
    expect(inline.context.secrets.appearsIn(keyBody)).toBe(true);
    const fromFile = await signLocal(registry, { images: `${IMAGE}:v1`, force: 'true' });
    expect(fromFile.context.secrets.appearsIn(keyBody)).toBe(true);
    for (const run of [inline, fromFile]) {
      expect(run.lines.some((line) => line.message.includes(keyBody))).toBe(false);
      expect([...run.outputs.values()].some((value) => value.includes(keyBody))).toBe(false);
    }
  });
});

const sha256Hex = (der: Buffer) => createHash('sha256').update(der).digest('hex');

describe('notation-sign with AWS Signer (SignPayload doubled)', () => {
  let signer: ReturnType<typeof mockAwsSigner>;
  afterEach(() => signer.restore());

  function awsClients(registry: InMemoryRegistry): NotationSignClients {
    return {
      ...registryClients(registry),
      signer: mockedSignerClient,
      awsSignerTrust: async (_profile, trustStoreDir) => writeSignerTrustStore(trustStoreDir),
    };
  }

  function signAws(registry: InMemoryRegistry, inputs: Record<string, string>, behaviour: SignPayloadBehaviour = {}) {
    signer = mockAwsSigner(() => NOW, behaviour);
    return runAction(createNotationSign(awsClients(registry)), { 'signing-profile-arn': PROFILE_ARN, ...inputs }, material.work);
  }

  test('sends SignPayload the profile name and owner and the Notary payload, verifies the answer, stores it as returned', async () => {
    const registry = inMemoryRegistry({ referrersApi: true, sendSubjectHeader: true });
    const image = await pushTestImage(registry, 'v1');
    const run = await signAws(registry, { images: `${IMAGE}:v1`, annotations: 'org.example.build=7' });
    expect(run.errors()).toEqual([]);
    const calls = signer.commandCalls(SignPayloadCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]!.args[0].input as { profileName: string; profileOwner: string; payloadFormat: string; payload: Uint8Array };
    expect({ ...input, payload: JSON.parse(Buffer.from(input.payload).toString('utf8')) }).toEqual({
      profileName: 'DrydockProfile',
      profileOwner: '123456789012',
      payloadFormat: 'application/vnd.cncf.notary.payload.v1+json',
      payload: { targetArtifact: { ...image, annotations: { 'org.example.build': '7' } } },
    });
    expect(await calls[0]!.thisValue.config.region()).toBe('us-west-2'); // the profile ARN's region

    const client = new RegistryClient({ registry: REGISTRY, fetch: registry.fetch });
    const [stored] = await listSignatures(client, REPOSITORY, image.digest);
    expect(stored!.digest).toBe(run.outputs.get('signature-digest'));
    expect(stored!.annotations!['com.amazonaws.signer.signingJob']).toBe('arn:aws:signer:us-west-2:123456789012:/signing-jobs/job-1');
    const envelope = await readSignature(client, REPOSITORY, stored!);
    const returned = (await signer.commandCalls(SignPayloadCommand)[0]!.returnValue) as { signature: Uint8Array };
    expect(Buffer.from(envelope.envelope).equals(Buffer.from(returned.signature))).toBe(true);
    expect(run.summary).toContain(`Signer: AWS Signer signing profile ${PROFILE_ARN}`);
    expect(registry.tags(REPOSITORY)).toEqual(['v1']); // the referrers API indexes it; no tag schema needed
  });

  test('the signature manifest\'s creation time is AWS Signer\'s signing time, as notation writes it', async () => {
    const registry = inMemoryRegistry({ referrersApi: true, sendSubjectHeader: true });
    const image = await pushTestImage(registry, 'v1');
    // AWS Signer's clock, 12.6 s past the runner's: the envelope's authenticSigningTime is what the manifest records.
    signer = mockAwsSigner(() => new Date(NOW.getTime() + 12_600));
    const run = await runAction(createNotationSign(awsClients(registry)), { 'signing-profile-arn': PROFILE_ARN, images: `${IMAGE}:v1` }, material.work);
    expect(run.errors()).toEqual([]);
    const client = new RegistryClient({ registry: REGISTRY, fetch: registry.fetch });
    const [stored] = await listSignatures(client, REPOSITORY, image.digest);
    expect(stored!.annotations!['org.opencontainers.image.created']).toBe(new Date(NOW.getTime() + 12_000).toISOString().replace('.000Z', 'Z'));
  });

  test('the region input moves the SignPayload call', async () => {
    const registry = inMemoryRegistry();
    await pushTestImage(registry, 'v1');
    const run = await signAws(registry, { images: `${IMAGE}:v1`, region: 'eu-central-1' });
    expect(run.code).toBe(0);
    expect(await signer.commandCalls(SignPayloadCommand)[0]!.thisValue.config.region()).toBe('eu-central-1');
  });

  const refused: Array<[string, SignPayloadBehaviour, RegExp]> = [
    [
      'a signature for another descriptor',
      { descriptor: (sent) => ({ ...sent, size: sent.size + 1 }) },
      /that does not verify, so it was not stored: descriptor check: content descriptor mismatch: the signature is for .* \(\d+ bytes\), not for the artifact being verified/,
    ],
    [
      'a signature by another signing profile',
      { profileVersion: OTHER_PROFILE_VERSION_ARN },
      /that does not verify, so it was not stored: trustedIdentity check: Signature publisher doesn't match any trusted identities\. The signature was made by arn:aws:signer:us-west-2:123456789012:\/signing-profiles\/OtherProfile\/f6g7h8\./,
    ],
    [
      'a chain that does not end in the AWS Signer root',
      { chain: (signedAt) => { const intermediate = intermediateCa('CN=Stranger Int,O=Elsewhere,ST=WA,C=US', 'intermediate-p384', strangerRoot); return [signerLeaf(signedAt, intermediate), intermediate, strangerRoot]; } },
      /that does not verify, so it was not stored: authenticity check: signature is not produced by a trusted signer: no certificate of its chain \(root "CN=Stranger Root,O=Elsewhere,ST=WA,C=US"\) is in trust store\(s\) signingAuthority:aws-signer-ts/,
    ],
    [
      'a signed annotation changed',
      { descriptor: (sent) => ({ ...sent, annotations: { 'org.example.build': 'forged' } }) },
      /whose signed annotations differ from the ones sent, so it was not stored$/,
    ],
  ];
  test.each(refused)('refuses to store %s', async (_title, behaviour, message) => {
    const registry = inMemoryRegistry();
    const image = await pushTestImage(registry, 'v1');
    const run = await signAws(registry, { images: `${IMAGE}:v1`, annotations: 'org.example.build=7' }, behaviour);
    expect(run.code).toBe(1);
    expect(run.errors()).toHaveLength(1);
    expect(run.errors()[0]).toMatch(new RegExp(`^1 of 1 image\\(s\\) could not be signed\\. ${IMAGE.replace(/\./g, '\\.')}:v1: AWS Signer returned a signature for .* \\(job job-1\\) ${message.source.replace(/^\^/, '')}`));
    expect(await signaturesOf(registry, image.digest)).toEqual([]);
    expect(registry.tags(REPOSITORY)).toEqual(['v1']);
    expect(JSON.parse(run.outputs.get('signatures')!)).toEqual([]);
  });

  test('AccessDenied keeps AWS\'s own words and the request id', async () => {
    const registry = inMemoryRegistry();
    await pushTestImage(registry, 'v1');
    signer = mockAwsSigner(() => NOW);
    const denied = Object.assign(
      new Error('User: arn:aws:sts::123456789012:assumed-role/ci/run is not authorized to perform: signer:SignPayload on resource: arn:aws:signer:us-west-2:123456789012:/signing-profiles/DrydockProfile'),
      { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403, requestId: 'req-123' } },
    );
    signer.on(SignPayloadCommand).rejects(denied);
    const run = await runAction(createNotationSign(awsClients(registry)), { 'signing-profile-arn': PROFILE_ARN, images: `${IMAGE}:v1` }, material.work);
    expect(run.errors()).toEqual([
      `1 of 1 image(s) could not be signed. ${IMAGE}:v1: AWS Signer SignPayload with signing profile DrydockProfile of account 123456789012 failed: AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/ci/run is not authorized to perform: signer:SignPayload on resource: arn:aws:signer:us-west-2:123456789012:/signing-profiles/DrydockProfile (request id req-123)`,
    ]);
  });

  test('a payload over 4096 bytes is refused before calling AWS Signer', async () => {
    const registry = inMemoryRegistry();
    await pushTestImage(registry, 'v1');
    const run = await signAws(registry, { images: `${IMAGE}:v1`, annotations: `org.example.notes=${'x'.repeat(4000)}` });
    expect(run.code).toBe(1);
    expect(run.errors()[0]).toMatch(/the signature payload for registry\.example\/team\/app@sha256:[0-9a-f]{64} is \d{4} bytes, over AWS Signer's 4096-byte limit; use fewer or shorter annotations$/);
    expect(signer.commandCalls(SignPayloadCommand)).toHaveLength(0);
  });

  test('an image with a valid signature from the same profile (any version) is not signed again, unless revoked', async () => {
    const registry = inMemoryRegistry();
    const image = await pushTestImage(registry, 'v1');
    expect((await signAws(registry, { images: `${IMAGE}:v1` })).code).toBe(0);
    signer.restore();

    const again = await signAws(registry, { images: `${IMAGE}:v1` });
    expect(again.summary).toContain('already signed by this signer');
    expect(signer.commandCalls(SignPayloadCommand)).toHaveLength(0);
    const revocation = signer.commandCalls(GetRevocationStatusCommand);
    expect(revocation).toHaveLength(1);
    expect(revocation[0]!.args[0].input).toMatchObject({ platformId: 'Notation-OCI-SHA384-ECDSA', profileVersionArn: `${PROFILE_ARN}/a1b2c3d4e5` });
    signer.restore();

    signer = mockAwsSigner(() => NOW);
    signer.on(GetRevocationStatusCommand).resolves({ revokedEntities: [`${PROFILE_ARN}/a1b2c3d4e5`] });
    const revoked = await runAction(createNotationSign(awsClients(registry)), { 'signing-profile-arn': PROFILE_ARN, images: `${IMAGE}:v1` }, material.work);
    expect(revoked.code).toBe(0);
    expect(revoked.summary).toContain('signed; stored');
    expect(await signaturesOf(registry, image.digest)).toHaveLength(2);
    expect(revoked.lines).toContainEqual({
      level: 'info',
      message: `${IMAGE}@${image.digest}: 1 existing signature(s), none a valid one by ${PROFILE_ARN} (the signature is revoked: Resource(s) ${PROFILE_ARN}/a1b2c3d4e5 have been revoked.); signing`,
    });
  });

  test('a signature by another profile does not count as already signed', async () => {
    const registry = inMemoryRegistry();
    const image = await pushTestImage(registry, 'v1');
    const other = await signAws(registry, { images: `${IMAGE}:v1`, 'signing-profile-arn': 'arn:aws:signer:us-west-2:123456789012:/signing-profiles/OtherProfile' }, { profileVersion: OTHER_PROFILE_VERSION_ARN });
    expect(other.code).toBe(0);
    signer.restore();
    const mine = await signAws(registry, { images: `${IMAGE}:v1` });
    expect(mine.summary).toContain('signed; stored');
    expect(await signaturesOf(registry, image.digest)).toHaveLength(2);
  });
});
