// Writes a small OCI image layout (one gzip layer holding a static web page, a config, a manifest, index.json)
// without a Docker engine, for the main job's demo. Usage: node scripts/demo-image.mjs <dir> [tag]
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const [dir, tag = 'demo'] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node scripts/demo-image.mjs <dir> [tag]');
  process.exit(1);
}

/** One ustar entry: 512-byte header, content padded to 512 bytes. */
function tarEntry(name, content, mode = 0o644) {
  const header = Buffer.alloc(512);
  const field = (value, offset, length) => header.write(value, offset, length, 'ascii');
  field(name, 0, 100);
  field(mode.toString(8).padStart(7, '0') + '\0', 100, 8);
  field('0000000\0', 108, 8);
  field('0000000\0', 116, 8);
  field(content.length.toString(8).padStart(11, '0') + '\0', 124, 12);
  field('00000000000\0', 136, 12); // fixed mtime keeps the digest stable from run to run
  field('        ', 148, 8);
  field('0', 156, 1);
  field('ustar\0', 257, 6);
  field('00', 263, 2);
  let sum = 0;
  for (const byte of header) sum += byte;
  field(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8);
  const padding = Buffer.alloc((512 - (content.length % 512)) % 512);
  return Buffer.concat([header, content, padding]);
}

const page = Buffer.from(`<!doctype html><title>drydock demo</title><p>Shipped by drydock (${tag}).</p>\n`);
const tar = Buffer.concat([tarEntry('srv/www/index.html', page), Buffer.alloc(1024)]);
const layer = gzipSync(tar, { level: 9 });
const sha = (bytes) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

rmSync(dir, { recursive: true, force: true });
mkdirSync(path.join(dir, 'blobs', 'sha256'), { recursive: true });
const put = (bytes) => {
  const digest = sha(bytes);
  writeFileSync(path.join(dir, 'blobs', 'sha256', digest.slice(7)), bytes);
  return { digest, size: bytes.length };
};

const config = Buffer.from(
  JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    config: { Cmd: ['/bin/httpd', '-f', '-h', '/srv/www'], Labels: { 'org.opencontainers.image.title': 'drydock-demo' } },
    rootfs: { type: 'layers', diff_ids: [sha(tar)] },
  }),
);
const manifest = Buffer.from(
  JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...put(config) },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...put(layer) }],
  }),
);
const manifestDescriptor = put(manifest);
writeFileSync(path.join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
writeFileSync(
  path.join(dir, 'index.json'),
  JSON.stringify({
    schemaVersion: 2,
    manifests: [
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        ...manifestDescriptor,
        annotations: { 'org.opencontainers.image.ref.name': tag },
      },
    ],
  }),
);
console.log(`${dir}: ${manifestDescriptor.digest}`);
