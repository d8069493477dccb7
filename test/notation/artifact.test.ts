import { ArtifactResolutionError, resolveArtifact } from '../../src/notation/artifact.js';
import { parseImageReference } from '../../src/oci/reference.js';
import { RegistryClient } from '../../src/oci/registry-client.js';
import { fakeTransport } from '../oci/helpers/fake-transport.js';

const ASKED = `sha256:${'ab'.repeat(32)}`;
const ANSWERED = `sha256:${'cd'.repeat(32)}`;

/** A registry whose every manifest HEAD answers with ANSWERED (a proxy serving another image, or a tampered one). */
function client(status = 200) {
  const transport = fakeTransport(() =>
    status === 404
      ? new Response(null, { status: 404 })
      : new Response(null, { status, headers: { 'docker-content-digest': ANSWERED, 'content-length': '512', 'content-type': 'application/vnd.oci.image.manifest.v1+json' } }),
  );
  return new RegistryClient({ registry: 'r.example', fetch: transport.fetch, retry: { attempts: 1 } });
}

test('a tag resolves to the digest the registry names, and the reference carries that digest', async () => {
  const artifact = await resolveArtifact(client(), parseImageReference('r.example/team/app:v1', 'images'));
  expect(artifact).toEqual({
    image: expect.objectContaining({ repository: 'team/app', tag: 'v1' }),
    descriptor: { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: ANSWERED, size: 512 },
    reference: `r.example/team/app@${ANSWERED}`,
    resolvedTag: 'v1',
  });
});

test('a digest asked for and another one answered is refused: the answer is not the image named', async () => {
  const resolving = resolveArtifact(client(), parseImageReference(`r.example/team/app@${ASKED}`, 'images'));
  await expect(resolving).rejects.toThrow(new ArtifactResolutionError(`the registry answered with digest ${ANSWERED}, not the digest asked for`));
});

test('an image the registry does not have says what to do', async () => {
  await expect(resolveArtifact(client(404), parseImageReference('r.example/team/app:v1', 'images'))).rejects.toThrow(
    'the registry has no manifest tagged v1 in team/app; push the image first or fix the reference',
  );
});
