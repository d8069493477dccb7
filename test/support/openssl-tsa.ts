// A real RFC 3161 timestamp authority on loopback: each query POSTed to it (application/timestamp-query) is answered
// by `openssl ts -reply`, OpenSSL's own TSA, signing with the certificate and key it is given. For interoperability
// tests with signers that timestamp (notation sign --timestamp-url): the tokens come from an implementation that is
// neither drydock's nor the test suite's DER writer.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { tempDir } from './temp-dir.js';

const run = promisify(execFile);

export interface OpensslTsa {
  /** The URL to POST queries to. */
  readonly url: string;
  /** How many queries it answered. */
  answered(): number;
  close(): Promise<void>;
}

/** Starts the TSA; `certificatePem` is its signing certificate (timeStamping EKU), `chainPem` what it puts in replies. */
export async function startOpensslTsa(options: { certificatePem: string; keyPem: string; chainPem: string }): Promise<OpensslTsa> {
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
      'ess_cert_id_alg = sha256',
      '',
    ].join('\n'),
  );
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
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    answered: () => answered,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
