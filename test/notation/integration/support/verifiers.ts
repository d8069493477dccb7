// Both verifiers of the peer comparison tests, run the way users run them: drydock's verify-signature action, and the
// real `notation verify` (Debian's notation, unpacked by the testbed) with a configuration directory of its own.
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from '@jest/globals';
import { createNotationSign } from '../../../../src/actions/notation-sign/main.js';
import { createVerifySignature } from '../../../../src/actions/verify-signature/main.js';
import { systemClock } from '../../../../src/core/clock.js';
import { pushImageWith, runAction } from '../../../actions/notation-sign/support/harness.js';
import { httpRegistryClient, need, testbed } from '../../../oci/integration/testbed.js';
import { tempDir } from '../../../support/temp-dir.js';

const run = promisify(execFile);

/** A one-statement policy over `repository` of the testbed's plain-HTTP registry, strict unless told otherwise. */
export function peerPolicy(
  repository: string,
  trustStores: readonly string[],
  trustedIdentities: readonly string[],
  signatureVerification: Record<string, unknown> = { level: 'strict' },
): string {
  return JSON.stringify({
    version: '1.0',
    trustPolicies: [{ name: 'peer', registryScopes: [`${need(testbed).http}/${repository}`], signatureVerification, trustStores, trustedIdentities }],
  });
}

/** Pushes an image to `repository:tag` and signs it with notation-sign (key and chain are files in `work`); its digest reference. */
export async function signedImage(work: string, repository: string, tag: string, key: string, chain: string): Promise<string> {
  const bed = need(testbed);
  const image = await pushImageWith(httpRegistryClient(), repository, tag);
  const result = await runAction(
    createNotationSign(),
    { images: `${bed.http}/${repository}:${tag}`, key, 'certificate-chain': chain, 'registry-endpoint': `http://${bed.http}` },
    work,
  );
  expect(result.errors()).toEqual([]);
  return `${bed.http}/${repository}@${image.digest}`;
}

/**
 * verify-signature on one image, on the machine's clock as notation is (the test context's clock is fixed): its exit
 * code, and its error lines and summary as one text.
 */
export async function drydockVerify(work: string, image: string, policy: string, trustStore = 'truststore'): Promise<{ code: number; message: string }> {
  const inputs = { images: image, 'trust-policy': policy, 'trust-store': trustStore, 'registry-endpoint': `http://${need(testbed).http}` };
  const result = await runAction(createVerifySignature(), inputs, work, {}, systemClock);
  return { code: result.code, message: [...result.errors(), result.summary].join('\n') };
}

/**
 * Both tools on one image and policy (drydock's trust store root `trustStore`, notation's in `home`): each one's
 * verdict, and drydock's error lines and summary.
 */
export async function bothVerdicts(
  work: string,
  home: string,
  image: string,
  policy: string,
  trustStore: string,
): Promise<{ drydock: 'pass' | 'fail'; notation: 'pass' | 'fail'; message: string }> {
  const mine = await drydockVerify(work, image, policy, trustStore);
  const theirs = await notationVerify(home, image, policy);
  return { drydock: mine.code === 0 ? 'pass' : 'fail', notation: theirs.passed ? 'pass' : 'fail', message: mine.message };
}

/** A configuration directory for notation (XDG_CONFIG_HOME), with its `notation/` folder made. */
export function notationHome(): string {
  const home = tempDir('notation-peer');
  mkdirSync(path.join(home, 'notation'));
  return home;
}

/** Writes `pem` as the one file of store `<type>:<name>` under a trust store root (drydock's, or notation's: see below). */
export function writeStore(trustStoreRoot: string, type: 'ca' | 'signingAuthority' | 'tsa', name: string, pem: string): void {
  mkdirSync(path.join(trustStoreRoot, 'x509', type, name), { recursive: true });
  writeFileSync(path.join(trustStoreRoot, 'x509', type, name, 'root.pem'), pem);
}

/** The trust store root of a notation configuration directory. */
export const notationTrustStore = (home: string) => path.join(home, 'notation', 'truststore');

/** `notation sign` on `image` with the key and chain files given (notation's default key from now on); `args` go before the image. */
export async function notationSign(home: string, image: string, key: { keyPath: string; certPath: string }, args: readonly string[] = []): Promise<void> {
  writeFileSync(path.join(home, 'notation', 'signingkeys.json'), JSON.stringify({ default: 'test', keys: [{ name: 'test', ...key }] }));
  await run(path.join(need(testbed).peerBin, 'notation'), ['sign', '--insecure-registry', ...args, image], {
    env: { PATH: process.env.PATH ?? '', HOME: home, XDG_CONFIG_HOME: home },
  });
}

/** `notation verify` on one image with `policy` as its trust policy: whether it passed, and what it said on stderr. */
export async function notationVerify(home: string, image: string, policy: string): Promise<{ passed: boolean; stderr: string }> {
  writeFileSync(path.join(home, 'notation', 'trustpolicy.json'), policy);
  try {
    await run(path.join(need(testbed).peerBin, 'notation'), ['verify', '--insecure-registry', image], {
      env: { PATH: process.env.PATH ?? '', HOME: home, XDG_CONFIG_HOME: home },
    });
    return { passed: true, stderr: '' };
  } catch (error) {
    return { passed: false, stderr: String((error as { stderr?: string }).stderr) };
  }
}
