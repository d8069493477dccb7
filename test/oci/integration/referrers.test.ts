import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { copyImage } from '../../../src/oci/copy.js';
import { sha256Digest } from '../../../src/oci/digest.js';
import { openImageSource, parseImageSource } from '../../../src/oci/image-sources/parse-image-source.js';
import { listReferrers, pushReferrer, referrersTag } from '../../../src/oci/referrers.js';
import type { FetchLike } from '../../../src/oci/http.js';
import { RegistryClient } from '../../../src/oci/registry-client.js';
import { startReferrersFake, type ReferrersFake } from '../../support/referrers-fake.js';
import { writeOciLayout } from '../../support/oci-image-builder.js';
import { crane, describeWithTestbed, FAST_RETRY, httpRegistryClient, need, testbed, uniqueRepository } from './testbed.js';

const run = promisify(execFile);
const SIGNATURE = 'application/vnd.cncf.notary.signature';
const EMPTY = { mediaType: 'application/vnd.oci.empty.v1+json', digest: sha256Digest('{}'), size: 2 };

let work: string;

/** A signature-shaped artifact (Notary Project layout: empty config, one envelope layer, subject). */
function signatureFor(subject: { mediaType: string; digest: string; size: number }, envelope: string) {
  const envelopeBytes = Buffer.from(envelope);
  const layer = { mediaType: 'application/jose+json', digest: sha256Digest(envelopeBytes), size: envelopeBytes.byteLength };
  const manifest = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    artifactType: SIGNATURE,
    config: EMPTY,
    layers: [layer],
    subject,
    annotations: { 'io.cncf.notary.x509chain.thumbprint#S256': '["00"]' },
  };
  return {
    manifest: { mediaType: manifest.mediaType, bytes: Buffer.from(JSON.stringify(manifest)) },
    blobs: [
      { descriptor: EMPTY, bytes: Buffer.from('{}') },
      { descriptor: layer, bytes: envelopeBytes },
    ],
  };
}

async function pushImage(client: RegistryClient, repository: string) {
  const source = await openImageSource(parseImageSource('oci:image', 'image', work));
  const result = await copyImage({ source, target: { client, repository }, tags: ['v1'] });
  return { mediaType: result.mediaType, digest: result.digest, size: result.size };
}

async function orasRun(args: string[]): Promise<string> {
  const { stdout } = await run(join(need(testbed).peerBin, 'oras'), args, { cwd: work });
  return stdout;
}

describeWithTestbed('referrers against real peers', () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'drydock-referrers-'));
    await writeOciLayout(join(work, 'image'), [{ layerSizes: [1000] }]);
    writeFileSync(join(work, 'sbom.json'), '{"spdxVersion":"SPDX-2.3"}');
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('docker-registry 2.8 has no referrers API: the tag schema is written, and crane and oras read it', async () => {
    const bed = need(testbed);
    const client = httpRegistryClient();
    const repository = uniqueRepository('signed');
    const subject = await pushImage(client, repository);
    expect(await client.referrersApiSupported(repository)).toBe(false);

    const signature = signatureFor(subject, '{"payload":"one"}');
    const pushed = await pushReferrer(client, repository, signature.manifest, signature.blobs);
    expect(pushed.indexedBy).toBe('referrers-tag');
    // Pushing it again adds nothing.
    await pushReferrer(client, repository, signature.manifest, signature.blobs);

    const index = JSON.parse(await crane(['manifest', `${bed.http}/${repository}:${referrersTag(subject.digest)}`], bed.http)) as {
      mediaType: string;
      manifests: { digest: string; artifactType: string }[];
    };
    expect(index.mediaType).toBe('application/vnd.oci.image.index.v1+json');
    expect(index.manifests).toEqual([expect.objectContaining({ digest: pushed.descriptor.digest, artifactType: SIGNATURE })]);

    const discovered = await orasRun(['discover', '--plain-http', '--distribution-spec', 'v1.1-referrers-tag', '--format', 'json', `${bed.http}/${repository}@${subject.digest}`]);
    expect(discovered).toContain(pushed.descriptor.digest);

    // The other way round: oras attaches an SBOM through the tag schema; drydock lists both, and filters by type.
    const attached = (
      await orasRun([
        'attach', '--plain-http', '--distribution-spec', 'v1.1-referrers-tag', '--artifact-type', 'application/spdx+json',
        '--format', 'go-template', '--template', '{{.digest}}', `${bed.http}/${repository}@${subject.digest}`, 'sbom.json:application/spdx+json',
      ])
    ).trim();
    const all = await listReferrers(client, repository, subject.digest);
    expect(all.map((d) => d.digest).sort()).toEqual([pushed.descriptor.digest, attached].sort());
    expect((await listReferrers(client, repository, subject.digest, { artifactType: SIGNATURE })).map((d) => d.digest)).toEqual([pushed.descriptor.digest]);
  });

  test('docker-registry 2.8: when the referrers tag cannot be written, the manifest pushed before it is deleted again', async () => {
    // The real registry answers everything but the tag index PUT, which is refused here as an immutable tag would be:
    // the DELETE that takes the signature manifest back goes to docker-registry itself.
    const refuseTag: typeof fetch = async (url, init) =>
      init?.method === 'PUT' && String(url).includes('/manifests/sha256-')
        ? new Response('{"errors":[{"code":"DENIED","message":"tag is immutable"}]}', { status: 403 })
        : fetch(url, init);
    const client = httpRegistryClient({ fetch: refuseTag as FetchLike });
    const repository = uniqueRepository('tag-refused');
    const subject = await pushImage(client, repository);
    const signature = signatureFor(subject, '{"payload":"refused"}');
    const digest = sha256Digest(signature.manifest.bytes);

    await expect(pushReferrer(client, repository, { ...signature.manifest, fresh: true }, signature.blobs)).rejects.toThrow(
      `failed: 403 DENIED: tag is immutable; the manifest ${digest.slice(0, 19)}…, pushed before it, was deleted again`,
    );
    expect(await httpRegistryClient().headManifest(repository, digest)).toBeUndefined();
    expect(await listReferrers(httpRegistryClient(), repository, subject.digest)).toEqual([]);
  });

  describe('a registry with the referrers API (test/support/referrers-fake.ts on loopback)', () => {
    let fake: ReferrersFake;
    beforeAll(async () => {
      fake = await startReferrersFake({ referrersApi: true, sendSubjectHeader: true, applyArtifactTypeFilter: true, referrersPageSize: 1 });
    });
    afterAll(() => fake?.close());

    test('pushReferrer leaves indexing to the registry; listReferrers pages through the API; oras agrees', async () => {
      const client = new RegistryClient({ registry: fake.host, insecureHttp: true, retry: FAST_RETRY });
      const repository = 'team/app';
      const subject = await pushImage(client, repository);
      const first = await pushReferrer(client, repository, signatureFor(subject, '{"n":1}').manifest, signatureFor(subject, '{"n":1}').blobs);
      const second = await pushReferrer(client, repository, signatureFor(subject, '{"n":2}').manifest, signatureFor(subject, '{"n":2}').blobs);
      expect([first.indexedBy, second.indexedBy]).toEqual(['registry', 'registry']);
      expect(fake.registry.tags(repository)).toEqual(['v1']);

      const listed = await listReferrers(client, repository, subject.digest, { artifactType: SIGNATURE });
      expect(listed.map((d) => d.digest).sort()).toEqual([first.descriptor.digest, second.descriptor.digest].sort());
      expect(fake.registry.log.filter((l) => l.path.startsWith(`/v2/${repository}/referrers/`) && l.path.includes('artifactType'))).toHaveLength(2);

      const discovered = await orasRun(['discover', '--plain-http', '--distribution-spec', 'v1.1-referrers-api', '--format', 'json', `${fake.host}/${repository}@${subject.digest}`]);
      expect(discovered).toContain(first.descriptor.digest);
      expect(discovered).toContain(second.descriptor.digest);
    });
  });
});
