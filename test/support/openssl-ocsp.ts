// OpenSSL's own OCSP responder logic (`openssl ocsp -reqin ... -respout ...`), for tests that want OCSP responses from an
// implementation that is neither drydock's nor the test suite's: called directly for one response, or behind an HTTP
// server on loopback that answers GET (base64 request in the path) and POST the way responders do. What it answers
// comes from an OpenSSL CA index, which the tests write: one line per certificate, valid or revoked.
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { tempDir } from './temp-dir.js';
import { listenOnLoopback } from './loopback.js';

const run = promisify(execFile);

export interface OcspIndexEntry {
  readonly serialNumber: bigint;
  /** Absent: valid. */
  readonly revoked?: { readonly at: Date; readonly reason?: 'keyCompromise' | 'superseded' | 'cessationOfOperation' };
}

export interface OpensslOcspOptions {
  /** The CA whose certificates the responder answers for (OpenSSL's -CA). */
  readonly issuerPem: string;
  /** Who signs the responses: the CA itself, or a responder certificate it issued (OCSPSigning EKU). */
  readonly signerPem: string;
  readonly signerKeyPem: string;
  /** The certificates the CA issued; a serial not listed is answered "unknown". The responder reads it at each request. */
  readonly index: readonly OcspIndexEntry[];
  /** Days until nextUpdate; absent, responses have no nextUpdate. */
  readonly days?: number;
  /** Leave the signer's certificate out of responses. */
  readonly noCerts?: boolean;
}

const utcTime = (date: Date) => date.toISOString().replace(/^\d\d(\d\d)-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)\.\d{3}Z$/, '$1$2$3$4$5$6Z');

function serialHex(serial: bigint): string {
  const hex = serial.toString(16).toUpperCase();
  return hex.length % 2 ? `0${hex}` : hex;
}

/**
 * The responder's files in a fresh folder, and the arguments every `openssl ocsp` answer needs. The index is written
 * again before each answer (writeIndex), so a test may add certificates to it after the responder started.
 */
function configure(options: OpensslOcspOptions): { dir: string; args: string[]; writeIndex: () => void } {
  const dir = tempDir('openssl-ocsp');
  const file = (name: string, content: string) => {
    writeFileSync(path.join(dir, name), content, { mode: 0o600 });
    return path.join(dir, name);
  };
  const writeIndex = () =>
    file(
      'index.txt',
      options.index
        .map((entry) => {
          const revoked = entry.revoked ? `${utcTime(entry.revoked.at)}${entry.revoked.reason ? `,${entry.revoked.reason}` : ''}` : '';
          // OpenSSL's CA database wants each subject once: name every entry after its serial.
          const serial = serialHex(entry.serialNumber);
          return `${[entry.revoked ? 'R' : 'V', '491231235959Z', revoked, serial, 'unknown', `/CN=certificate ${serial}`].join('\t')}\n`;
        })
        .join(''),
    );
  const args = [
    '-index', writeIndex(),
    '-CA', file('issuer.pem', options.issuerPem),
    '-rsigner', file('signer.pem', options.signerPem),
    '-rkey', file('signer.key', options.signerKeyPem),
    ...(options.days !== undefined ? ['-ndays', String(options.days)] : []),
    ...(options.noCerts ? ['-resp_no_certs'] : []),
  ];
  return { dir, args, writeIndex };
}

/** OpenSSL's response to one DER OCSP request. */
export function opensslOcspResponse(request: Buffer, options: OpensslOcspOptions): Buffer {
  const { dir, args } = configure(options);
  const [input, output] = [path.join(dir, 'request.der'), path.join(dir, 'response.der')];
  writeFileSync(input, request);
  execFileSync('openssl', ['ocsp', ...args, '-reqin', input, '-respout', output], { stdio: 'pipe' });
  return readFileSync(output);
}

export interface OpensslOcspResponder {
  readonly url: string;
  /** The requests it answered, by method. */
  readonly requests: Array<'GET' | 'POST'>;
  close(): Promise<void>;
}

/** The responder as an HTTP server on loopback: a GET's last path segment or a POST's body is the request. */
export async function startOpensslOcspResponder(options: OpensslOcspOptions): Promise<OpensslOcspResponder> {
  const { dir, args, writeIndex } = configure(options);
  const requests: Array<'GET' | 'POST'> = [];
  let count = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const method = request.method === 'POST' ? 'POST' : 'GET';
      const body = method === 'POST' ? Buffer.concat(chunks) : Buffer.from(decodeURIComponent(request.url!.split('/').pop()!), 'base64');
      requests.push(method);
      const n = ++count;
      const [input, output] = [path.join(dir, `request-${n}.der`), path.join(dir, `response-${n}.der`)];
      writeFileSync(input, body);
      writeIndex();
      run('openssl', ['ocsp', ...args, '-reqin', input, '-respout', output], { encoding: 'buffer' })
        .then(() => response.writeHead(200, { 'content-type': 'application/ocsp-response' }).end(readFileSync(output)))
        .catch((error: unknown) => response.writeHead(500, { 'content-type': 'text/plain' }).end(String((error as { stderr?: Buffer }).stderr ?? error)));
    });
  });
  const port = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
