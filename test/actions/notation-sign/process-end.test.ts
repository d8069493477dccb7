import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { EMPTY_CONFIG } from '../../../src/notation/storage.js';
import { sha256Digest } from '../../../src/oci/digest.js';
import { standardChain } from '../../notation/support/standard-pki.js';
import { keyPem } from '../../notation/support/test-pki.js';
import { runNode } from '../../support/run-node.js';
import { listenOnLoopback } from '../../support/loopback.js';

/**
 * A step ends when its outcome is reported, not when the last request nobody waits for gives up. The committed bundle
 * and the CLI sign one image against a loopback registry (a stand-in: the real one cannot be made to fail one upload
 * and stall another) that refuses the envelope upload and never answers the check for the empty config blob, which
 * runs beside it. The envelope's refusal fails the image at once; the stalled check would keep retrying for minutes
 * (30 s of silence per attempt) if it could hold the process open.
 */
const EMPTY_CONFIG_DIGEST = EMPTY_CONFIG.digest;
const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: EMPTY_CONFIG_DIGEST, size: 2 }, layers: [] }));
const manifestDigest = sha256Digest(manifest);

describe('notation-sign ends with its outcome', () => {
  let server: Server;
  let registry: string;
  let work: string;
  const stalled: string[] = [];
  beforeAll(async () => {
    server = createServer((request, response) => {
      const url = request.url ?? '';
      request.resume();
      if (request.method === 'HEAD' && url === `/v2/app/blobs/${EMPTY_CONFIG_DIGEST}`) {
        stalled.push(url);
        return; // never answered
      }
      if (request.method === 'HEAD' && url === '/v2/app/manifests/1.0') {
        response.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json', 'content-length': manifest.length, 'docker-content-digest': manifestDigest }).end();
        return;
      }
      if (request.method === 'POST' && url === '/v2/app/blobs/uploads/') {
        response.writeHead(202, { location: '/v2/app/blobs/uploads/session-1', 'content-length': '0' }).end();
        return;
      }
      if (request.method === 'PUT' && url.startsWith('/v2/app/blobs/uploads/session-1')) {
        response.writeHead(400, { 'content-type': 'application/json' }).end('{"errors":[{"code":"BLOB_UPLOAD_INVALID","message":"upload refused by the test registry"}]}');
        return;
      }
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"errors":[{"code":"MANIFEST_UNKNOWN","message":"not here"}]}');
    });
    registry = `127.0.0.1:${(await listenOnLoopback(server))}`;
    work = mkdtempSync(path.join(tmpdir(), 'drydock-process-end-'));
    const { chain } = standardChain();
    writeFileSync(path.join(work, 'signing.key'), keyPem('leaf-p384'));
    writeFileSync(path.join(work, 'chain.pem'), chain.map((certificate) => certificate.pem).join(''));
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(work, { recursive: true, force: true });
  });

  test.each([
    ['the action bundle', 'bundle'],
    ['the CLI', 'cli'],
  ])('%s exits with the image\'s failure while a sibling request is still stalled', async (_name, how) => {
    stalled.length = 0;
    const inputs = { images: `${registry}/app:1.0`, key: path.join(work, 'signing.key'), 'certificate-chain': path.join(work, 'chain.pem'), 'registry-endpoint': `http://${registry}` };
    const { code, output } = how === 'bundle'
      ? await runNode([path.resolve('dist/notation-sign/index.js')], Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value])))
      : await runNode([path.resolve('bin/drydock.js'), 'notation-sign', ...Object.entries(inputs).flatMap(([name, value]) => [`--${name}`, value])], {});
    expect({ code, output }).toMatchObject({ code: 1, output: expect.stringContaining('upload refused by the test registry') });
    // The empty config check was sent once and never answered: the process ended without waiting out its stall.
    expect(stalled).toEqual([`/v2/app/blobs/${EMPTY_CONFIG_DIGEST}`]);
  });
});
