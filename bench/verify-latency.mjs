// npm run bench:verify-latency: verify-signature and `notation verify` with the registry a network away.
//
// bench:sign runs on loopback, where a request costs the registry's CPU and no travel time. A runner's registry (ECR)
// is a network away, and there each dependent request costs a round trip. This bench puts a loopback proxy in front
// of the testbed registry that holds every chunk BENCH_LATENCY_MS (default 10) in each direction, so a round trip
// takes twice that, then verifies 20 images through it:
//   drydock   verify-signature (the dist/ bundle, one process for the batch) given tags, then given digests: a tag
//             takes four dependent requests per image (resolve, list, signature manifest, envelope); a digest three,
//             since the signatures are listed while the digest is confirmed;
//   notation  `notation verify` once per image, given digests, as notation-action runs it.
// The images are signed beforehand with notation-sign (local key), straight to the registry. Prints the medians over
// BENCH_LATENCY_RUNS runs (default 3), the tools taking turns going first. Needs the testbed (scripts/with-testbed.sh,
// as the npm script does) and openssl for the throwaway signing PKI (notation-fixtures.mjs).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchPki, pushSmallImages } from './notation-fixtures.mjs';
import { runnerEnv, timed } from './timed-process.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const registry = process.env.DRYDOCK_REGISTRY_HTTP;
const peerBin = process.env.DRYDOCK_PEER_BIN;
if (!registry || !peerBin) {
  console.error('bench:verify-latency needs the testbed: run it as `npm run bench:verify-latency` (scripts/with-testbed.sh)');
  process.exit(1);
}
const IMAGES = 20;
const delayMs = Number(process.env.BENCH_LATENCY_MS ?? 10);
const runs = Number(process.env.BENCH_LATENCY_RUNS ?? 3);
const notationBin = path.join(peerBin, 'notation');

// The proxy: every chunk waits delayMs before it is passed on, in both directions (order within a connection kept).
const [registryHost, registryPort] = registry.split(':');
const proxy = net.createServer((client) => {
  const upstream = net.connect(Number(registryPort), registryHost);
  const delayed = (from, to) => from.on('data', (chunk) => setTimeout(() => to.write(chunk), delayMs));
  delayed(client, upstream);
  delayed(upstream, client);
  const close = () => {
    client.destroy();
    upstream.destroy();
  };
  for (const socket of [client, upstream]) socket.on('close', close).on('error', close);
});
await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
const proxied = `127.0.0.1:${proxy.address().port}`;

const work = mkdtempSync(path.join(tmpdir(), 'drydock-bench-latency-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

// A throwaway PKI (EC P-256 root and code signing leaf), and the trust stores both tools read.
const pki = benchPki(work);
const policy = (scope) => JSON.stringify(pki.policy([scope]));

/** Runs a drydock action's dist/ bundle as a runner runs it: INPUT_* in, GITHUB_OUTPUT out. */
function drydock(action, inputs) {
  return timed(process.execPath, [path.join(root, 'dist', action, 'index.js')], runnerEnv(work, action, inputs).env);
}

// 20 small images, pushed and signed straight to the registry (untimed).
const { RegistryClient } = await import(path.join(root, 'lib/oci/registry-client.js'));
const { sha256Digest } = await import(path.join(root, 'lib/oci/digest.js'));
const repository = `bench-latency/${Date.now().toString(36)}`;
const images = await pushSmallImages(new RegistryClient({ registry, insecureHttp: true }), sha256Digest, repository, IMAGES);
const refs = (host, form) => images.map((image) => `${host}/${repository}${form === 'tag' ? `:${image.tag}` : `@${image.digest}`}`);
await drydock('notation-sign', {
  images: refs(registry, 'digest').join('\n'),
  key: pki.key,
  'certificate-chain': pki.chain,
  'registry-endpoint': `http://${registry}`,
});
writeFileSync(path.join(pki.notationConfig, 'trustpolicy.json'), policy(`${proxied}/${repository}`));

// drydock names the registry as the images do and reaches it through the proxy (registry-endpoint); notation is given
// the proxy's address as the registry.
const verifyInputs = (form) => ({ images: refs(registry, form).join('\n'), 'trust-policy': policy(`${registry}/${repository}`), 'trust-store': pki.trustStore, 'registry-endpoint': `http://${proxied}` });
const steps = {
  drydockTags: () => drydock('verify-signature', verifyInputs('tag')),
  drydockDigests: () => drydock('verify-signature', verifyInputs('digest')),
  notation: async () => {
    let total = 0;
    for (const reference of refs(proxied, 'digest')) total += await timed(notationBin, ['verify', '--insecure-registry', reference], pki.notationEnv);
    return total;
  },
};
const results = { drydockTags: [], drydockDigests: [], notation: [] };
for (let run = 0; run < runs; run++) {
  const order = run % 2 === 0 ? ['drydockTags', 'drydockDigests', 'notation'] : ['notation', 'drydockDigests', 'drydockTags'];
  for (const step of order) results[step].push(await steps[step]());
}
proxy.close();

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
const notation = median(results.notation);
console.log('');
console.log(`bench:verify-latency: ${IMAGES} images, each chunk held ${delayMs} ms each way (round trip ${2 * delayMs} ms) by a proxy in front of ${registry}, median of ${runs} run(s)`);
console.log(`${''.padEnd(44)}${'wall'.padStart(8)}${'vs notation'.padStart(14)}`);
for (const [label, key] of [['drydock verify-signature, images by tag', 'drydockTags'], ['drydock verify-signature, images by digest', 'drydockDigests']]) {
  console.log(`${label.padEnd(44)}${seconds(median(results[key])).padStart(8)}${`${(median(results[key]) / notation).toFixed(2)}x`.padStart(14)}`);
}
console.log(`${'notation verify, one process per image'.padEnd(44)}${seconds(notation).padStart(8)}`);
console.log(`by digest / by tag, drydock: ${(median(results.drydockDigests) / median(results.drydockTags)).toFixed(2)}x`);
process.exit(0);
