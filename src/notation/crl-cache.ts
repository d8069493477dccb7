import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { nodeCrypto } from '../core/node-crypto.js';
import type { CrlFetch } from './crl-fetch.js';

/** Where CRLs are kept between the steps of a job, and the clock that says whether one is still current. */
export interface CrlCache {
  readonly dir: string;
  readonly now: () => Date;
}

/**
 * `download`, with each CRL kept on disk in `cache.dir` (as notation keeps them in its cache directory) and served from
 * there while it is current: a step that verifies after another in the same job (secure-release's verify-signature,
 * then deploy-aks-or-eks's gate) reuses the first one's download until the CRL's nextUpdate. A cached CRL is only
 * bytes: the caller checks it (issuer, signature, dates) exactly as a downloaded one. The cache is best effort: a file
 * that cannot be read, parsed or written means a download, never a failure.
 */
export function cachingCrlFetch(download: CrlFetch, cache: CrlCache): CrlFetch {
  return async (url) => {
    const file = path.join(cache.dir, `${nodeCrypto().createHash('sha256').update(url).digest('hex')}.crl`);
    const cached = await currentCrl(file, cache.now());
    if (cached) return cached;
    const bytes = await download(url);
    keep(file, bytes);
    return bytes;
  };
}

/** The CRL in `file` if there is one, it parses, and `now` is within its thisUpdate..nextUpdate. */
async function currentCrl(file: string, now: Date): Promise<Uint8Array | undefined> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  const { parseCrl } = await import('./crl.js');
  try {
    const crl = parseCrl(bytes);
    return crl.nextUpdate && crl.thisUpdate.getTime() <= now.getTime() && now.getTime() < crl.nextUpdate.getTime() ? bytes : undefined;
  } catch {
    return undefined;
  }
}

/** Writes `bytes` to `file` whole or not at all (a temporary file renamed over it), so no reader sees half a CRL. */
function keep(file: string, bytes: Uint8Array): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(temporary, bytes, { mode: 0o600 });
    renameSync(temporary, file);
  } catch {
    // Best effort: the CRL was downloaded and is used; the next step downloads it again.
  }
}
