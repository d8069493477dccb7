import { describe, expect, it } from '@jest/globals';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cachingCrlFetch } from '../../src/notation/crl-cache.js';
import { tempDir } from '../support/temp-dir.js';
import { issueCrl, rootCa } from './support/test-pki.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const HOUR = 3_600_000;
const URL_A = 'http://crl.example/a.crl';
const root = rootCa('CN=Drydock CRL Cache Root', 'root-p384');
const crlAt = (thisUpdate: Date, nextUpdate?: Date | null) => issueCrl({ issuer: root, thisUpdate, ...(nextUpdate === undefined ? {} : { nextUpdate }) });

/** A download that serves `bytes` and counts its calls: the network is not what this module is about. */
function downloads(bytes: () => Uint8Array) {
  const urls: string[] = [];
  const download = async (url: string) => {
    urls.push(url);
    return bytes();
  };
  return { download, urls };
}

describe('cachingCrlFetch', () => {
  const work = tempDir('crl-cache');
  let run = 0;
  const freshDir = () => path.join(work, `cache-${run++}`);

  it('a later step of the job reads a current CRL from the cache instead of downloading it again', async () => {
    const dir = freshDir();
    const crl = crlAt(new Date(NOW.getTime() - HOUR));
    const first = downloads(() => crl);
    expect(Buffer.from(await cachingCrlFetch(first.download, { dir, now: () => NOW })(URL_A))).toEqual(crl);
    const second = downloads(() => Buffer.from('not used'));
    expect(Buffer.from(await cachingCrlFetch(second.download, { dir, now: () => NOW })(URL_A))).toEqual(crl);
    expect([first.urls, second.urls]).toEqual([[URL_A], []]);
    // Another URL has a file of its own.
    await cachingCrlFetch(second.download, { dir, now: () => NOW })('http://crl.example/b.crl');
    expect(second.urls).toEqual(['http://crl.example/b.crl']);
    expect(readdirSync(dir).filter((name) => name.endsWith('.crl'))).toHaveLength(2);
  });

  it.each([
    ['holding a CRL past its nextUpdate', crlAt(new Date(NOW.getTime() - 10 * HOUR), new Date(NOW.getTime() - HOUR))],
    ['holding a CRL not current yet (thisUpdate after now)', crlAt(new Date(NOW.getTime() + HOUR))],
    ['holding a CRL without a nextUpdate', crlAt(new Date(NOW.getTime() - HOUR), null)],
    ['that is not a CRL', Buffer.from('half a CRL')],
  ])('a cached file %s: the CRL is downloaded again, and the download replaces it', async (_name, stale) => {
    const dir = freshDir();
    const fresh = crlAt(new Date(NOW.getTime() - HOUR));
    // Put `stale` in the cache through the module itself (a first step that got it), then read it at NOW.
    await cachingCrlFetch(async () => stale, { dir, now: () => NOW })(URL_A);
    const again = downloads(() => fresh);
    expect(Buffer.from(await cachingCrlFetch(again.download, { dir, now: () => NOW })(URL_A))).toEqual(fresh);
    expect(again.urls).toEqual([URL_A]);
    const [file] = readdirSync(dir);
    expect(readFileSync(path.join(dir, file!))).toEqual(fresh);
  });

  it('a cache that cannot be written is no failure: the CRL is used, and downloaded again next time', async () => {
    const blocked = path.join(work, 'blocked');
    writeFileSync(blocked, 'a file where the cache directory would go');
    const crl = crlAt(new Date(NOW.getTime() - HOUR));
    const counted = downloads(() => crl);
    const fetch = () => cachingCrlFetch(counted.download, { dir: path.join(blocked, 'cache'), now: () => NOW })(URL_A);
    expect(Buffer.from(await fetch())).toEqual(crl);
    expect(Buffer.from(await fetch())).toEqual(crl);
    expect(counted.urls).toEqual([URL_A, URL_A]);
  });

  it('a failed download is not cached and fails as it did', async () => {
    const dir = freshDir();
    mkdirSync(dir, { recursive: true });
    const fetch = cachingCrlFetch(async () => Promise.reject(new Error('the server answered 404 Not Found')), { dir, now: () => NOW });
    await expect(fetch(URL_A)).rejects.toThrow('the server answered 404 Not Found');
    expect(readdirSync(dir)).toEqual([]);
  });
});
