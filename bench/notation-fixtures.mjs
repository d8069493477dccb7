// What bench:sign and bench:verify-latency both set up: a throwaway signing PKI with the trust stores and notation
// configuration that trust it, and small images in a registry (their timed child processes: timed-process.mjs).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const SIGNER_IDENTITY = 'x509.subject:CN=Bench Signer,O=Drydock Bench,ST=WA,C=US';

/**
 * An EC P-256 root and code signing leaf made with openssl in `work`; a Notation trust store holding the root
 * (`ca:bench`), and notation's configuration directory with the same store and the key as its default signing key.
 */
export function benchPki(work) {
  const openssl = (args) => execFileSync('openssl', args, { cwd: work, stdio: ['ignore', 'ignore', 'pipe'] });
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'root.key']);
  openssl(['req', '-x509', '-new', '-key', 'root.key', '-sha256', '-days', '30', '-subj', '/C=US/ST=WA/O=Drydock Bench/CN=Bench Root',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', 'root.pem']);
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'signing.key']);
  openssl(['req', '-new', '-key', 'signing.key', '-subj', '/C=US/ST=WA/O=Drydock Bench/CN=Bench Signer', '-out', 'leaf.csr']);
  writeFileSync(path.join(work, 'leaf.ext'), 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=codeSigning\n');
  openssl(['x509', '-req', '-in', 'leaf.csr', '-CA', 'root.pem', '-CAkey', 'root.key', '-CAcreateserial', '-days', '7', '-sha256', '-extfile', 'leaf.ext', '-out', 'leaf.pem']);
  const key = path.join(work, 'signing.key');
  const chain = path.join(work, 'chain.pem');
  writeFileSync(chain, readFileSync(path.join(work, 'leaf.pem'), 'utf8') + readFileSync(path.join(work, 'root.pem'), 'utf8'));

  const trustStore = path.join(work, 'truststore');
  const notationHome = path.join(work, 'notation-home');
  const notationConfig = path.join(notationHome, 'notation');
  for (const store of [path.join(trustStore, 'x509', 'ca', 'bench'), path.join(notationConfig, 'truststore', 'x509', 'ca', 'bench')]) {
    mkdirSync(store, { recursive: true });
    writeFileSync(path.join(store, 'root.pem'), readFileSync(path.join(work, 'root.pem')));
  }
  writeFileSync(path.join(notationConfig, 'signingkeys.json'), JSON.stringify({ default: 'bench', keys: [{ name: 'bench', keyPath: key, certPath: chain }] }));
  return {
    key,
    chain,
    trustStore,
    notationConfig,
    notationEnv: { PATH: process.env.PATH, HOME: notationHome, XDG_CONFIG_HOME: notationHome },
    /** A strict trust policy for `scopes`, trusting the leaf through the root. */
    policy: (scopes) => ({
      version: '1.0',
      trustPolicies: [{ name: 'bench', registryScopes: scopes, signatureVerification: { level: 'strict' }, trustStores: ['ca:bench'], trustedIdentities: [SIGNER_IDENTITY] }],
    }),
  };
}

/**
 * Pushes `count` small images (config + one layer, each different) into `repository` with drydock's RegistryClient
 * (from lib/), tagged img0, img1, ...; returns each image's tag and digest.
 */
export async function pushSmallImages(client, sha256Digest, repository, count) {
  const encoder = new TextEncoder();
  const images = [];
  for (let i = 0; i < count; i++) {
    const config = encoder.encode(JSON.stringify({ architecture: 'amd64', os: 'linux', bench: `${repository}-${i}` }));
    const layer = encoder.encode(`layer ${repository} ${i}`);
    const configDescriptor = { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256Digest(config), size: config.byteLength };
    const layerDescriptor = { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: sha256Digest(layer), size: layer.byteLength };
    await client.uploadBlob(repository, configDescriptor, async () => [config]);
    await client.uploadBlob(repository, layerDescriptor, async () => [layer]);
    const manifest = encoder.encode(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: configDescriptor, layers: [layerDescriptor] }));
    const { digest } = await client.putManifest(repository, `img${i}`, { mediaType: 'application/vnd.oci.image.manifest.v1+json', bytes: manifest });
    images.push({ tag: `img${i}`, digest });
  }
  return images;
}
