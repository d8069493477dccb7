// OpenSSL's own RFC 3161 timestamp authority (`openssl ts -reply`), for tests that want tokens from an implementation
// that is neither drydock's nor the test suite's DER writer: as a server on loopback for signers that timestamp over
// HTTP (notation sign --timestamp-url), or called directly for one token.
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { tempDir } from './temp-dir.js';
import { listenOnLoopback } from './loopback.js';

const run = promisify(execFile);

export interface OpensslTsaOptions {
  /** The TSA signing certificate (timeStamping EKU), its key, and the certificates replies carry. */
  readonly certificatePem: string;
  readonly keyPem: string;
  readonly chainPem: string;
  /** How the token names the TSA certificate: sha256 gives signingCertificateV2, sha1 the v1 signingCertificate. */
  readonly essCertIdAlg?: 'sha256' | 'sha1';
}

/** A folder with the TSA's files and its `openssl ts` configuration; the configuration's path. */
function configure(options: OpensslTsaOptions): { dir: string; config: string } {
  const dir = tempDir('openssl-tsa');
  const file = (name: string, content: string) => {
    writeFileSync(path.join(dir, name), content, { mode: 0o600 });
    return path.join(dir, name);
  };
  const config = file(
    'tsa.cnf',
    [
      '[ tsa ]',
      'default_tsa = drydock_test',
      '[ drydock_test ]',
      `serial = ${file('serial', '01\n')}`,
      `signer_cert = ${file('tsa.pem', options.certificatePem)}`,
      `certs = ${file('chain.pem', options.chainPem)}`,
      `signer_key = ${file('tsa.key', options.keyPem)}`,
      'signer_digest = sha256',
      'default_policy = 1.3.6.1.4.1.99999.2',
      'digests = sha256, sha384, sha512',
      'accuracy = secs:1',
      `ess_cert_id_alg = ${options.essCertIdAlg ?? 'sha256'}`,
      '',
    ].join('\n'),
  );
  return { dir, config };
}

/** One timestamp token (a CMS SignedData) over `data`, with the TSA's certificate in it, as `openssl ts` makes it. */
export function opensslTimestampToken(data: Buffer, options: OpensslTsaOptions): Buffer {
  const { dir, config } = configure(options);
  const [input, query, token] = ['data', 'query.tsq', 'token.der'].map((name) => path.join(dir, name)) as [string, string, string];
  writeFileSync(input, data);
  execFileSync('openssl', ['ts', '-query', '-data', input, '-sha256', '-cert', '-out', query], { stdio: 'pipe' });
  execFileSync('openssl', ['ts', '-reply', '-config', config, '-queryfile', query, '-token_out', '-out', token], { stdio: 'pipe' });
  return readFileSync(token);
}

export interface OpensslTsa {
  /** The URL to POST queries to. */
  readonly url: string;
  /** How many queries it answered. */
  answered(): number;
  close(): Promise<void>;
}

/** Starts the TSA as an HTTP server: each query POSTed to it (application/timestamp-query) gets openssl's reply. */
export async function startOpensslTsa(options: OpensslTsaOptions): Promise<OpensslTsa> {
  const { dir, config } = configure(options);
  let answered = 0;
  let queries = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const n = ++queries;
      const query = path.join(dir, `query-${n}.tsq`);
      const reply = path.join(dir, `reply-${n}.tsr`);
      writeFileSync(query, Buffer.concat(chunks));
      run('openssl', ['ts', '-reply', '-config', config, '-queryfile', query, '-out', reply], { encoding: 'buffer' })
        .then(() => {
          answered++;
          response.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(readFileSync(reply));
        })
        .catch((error: unknown) => response.writeHead(500, { 'content-type': 'text/plain' }).end(String((error as { stderr?: Buffer }).stderr ?? error)));
    });
  });
  const port = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}`,
    answered: () => answered,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
