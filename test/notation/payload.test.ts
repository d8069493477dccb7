import { describe, expect, it } from '@jest/globals';
import { buildPayload, isSameArtifact, parsePayload } from '../../src/notation/index.js';
import { PayloadError } from '../../src/notation/payload.js';
import { compareSemver } from '../../src/notation/extended-attributes.js';

const descriptor = { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: `sha256:${'c'.repeat(64)}`, size: 42 };

describe('payload', () => {
  it('builds {"targetArtifact": descriptor} with user annotations and parses it back', () => {
    const bytes = buildPayload(descriptor, { 'org.example.build': '7' });
    expect(JSON.parse(bytes.toString())).toEqual({ targetArtifact: { ...descriptor, annotations: { 'org.example.build': '7' } } });
    expect(parsePayload(bytes).targetArtifact).toEqual({ ...descriptor, annotations: { 'org.example.build': '7' } });
  });

  it('compares artifacts by mediaType, digest and size only', () => {
    expect(isSameArtifact({ ...descriptor, annotations: { a: 'b' } }, descriptor)).toBe(true);
    expect(isSameArtifact({ ...descriptor, size: 43 }, descriptor)).toBe(false);
    expect(isSameArtifact({ ...descriptor, mediaType: 'application/vnd.oci.image.index.v1+json' }, descriptor)).toBe(false);
    expect(isSameArtifact({ ...descriptor, digest: `sha256:${'d'.repeat(64)}` }, descriptor)).toBe(false);
  });

  it.each([
    ['{"targetArtifact":{"mediaType":"x","digest":"sha256:abc","size":-1}}', 'targetArtifact.size is missing or not a non-negative integer'],
    ['{"targetArtifact":{"mediaType":"x","digest":"abc","size":1}}', 'targetArtifact.digest is missing or not a digest'],
    ['{"targetArtifact":{"digest":"sha256:abc","size":1}}', 'targetArtifact.mediaType is missing'],
    ['{"targetArtifact":{"mediaType":"x","digest":"sha256:abc","size":1,"annotations":{"a":1}}}', "targetArtifact.annotations['a'] is not a string"],
    ['[]', 'payload is not a JSON object'],
    // Go would read the second digest: the signature would name one image here and another for notation.
    [
      `{"targetArtifact":{"mediaType":"x","digest":"sha256:${'a'.repeat(64)}","Digest":"sha256:${'b'.repeat(64)}","size":1}}`,
      'targetArtifact has the key "Digest" beside or instead of "digest"; notation reads keys without regard to case',
    ],
    [
      `{"targetArtifact":{"mediaType":"x","digest":"sha256:${'a'.repeat(64)}","size":1},"TargetArtifact":{}}`,
      'payload has the key "TargetArtifact" beside or instead of "targetArtifact"; notation reads keys without regard to case',
    ],
  ])('refuses %s', (text, message) => {
    expect(() => parsePayload(Buffer.from(text))).toThrow(new PayloadError(message));
  });
});

describe('plugin minimum versions (semver precedence)', () => {
  it.each([
    ['1.0.0', '1.0.0', 0],
    ['1.0.0', '1.0.1', -1],
    ['1.0.0', '0.0.9', 1],
    ['1.0.0', '1.0.0-alpha', 1],
    ['1.0.0-alpha', '1.0.0-alpha.beta', -1],
    ['1.0.0-alpha.1', '1.0.0-alpha.beta', -1],
    ['1.0.0-beta.11', '1.0.0-beta.2', 1],
    ['1.1.0-alpha', '1.0.9', 1],
    ['1.0.0+build.5', '1.0.0', 0],
  ])('compares %s with %s', (a, b, expected) => {
    expect(compareSemver(a, b)).toBe(expected);
  });
});
