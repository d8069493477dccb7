// npm run bench:push: push-ecr against `skopeo copy`, same image, same TLS registry, same run.
//
// Generates an image of 8 gzip layers (1 GiB in all; BENCH_PUSH_MB overrides) as an OCI layout, then alternates
// push-ecr (the committed bundle, run as a runner runs it) and skopeo copy into fresh repositories, BENCH_PUSH_RUNS
// times each (default 3). Prints medians, the ratio, push-ecr's peak RSS, the time of a second push of the unchanged
// image, and every bundle's size and cold start. Needs the testbed (scripts/with-testbed.sh, as the npm script does).
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, closeSync, copyFileSync, createWriteStream, existsSync, openSync, readSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGzip, gzipSync } from 'node:zlib';
import { timedProcess } from './timed-process.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const totalMb = Number(process.env.BENCH_PUSH_MB ?? 1024);
const runs = Number(process.env.BENCH_PUSH_RUNS ?? 3);
const layers = 8;
const registry = process.env.DRYDOCK_REGISTRY_TLS;
if (!registry) {
  console.error('bench:push needs the testbed: run it as `npm run bench:push` (scripts/with-testbed.sh)');
  process.exit(1);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const mib = (bytes) => (bytes / 1024 / 1024).toFixed(1);

/** A gzip layer of random bytes, streamed to disk: skopeo copies compressed layers as they are (it would gzip raw ones). */
async function writeLayer(blobs, bytes, seed) {
  const temp = path.join(blobs, `tmp-${seed}`);
  const hash = createHash('sha256');
  const gzip = createGzip({ level: 1 });
  const out = createWriteStream(temp);
  gzip.on('data', (chunk) => hash.update(chunk));
  gzip.pipe(out);
  const chunk = 4 * 1024 * 1024;
  for (let written = 0; written < bytes; written += chunk) {
    if (!gzip.write(randomBytes(Math.min(chunk, bytes - written)))) await new Promise((r) => gzip.once('drain', r));
  }
  gzip.end();
  await new Promise((resolve) => out.on('finish', resolve));
  const digest = `sha256:${hash.digest('hex')}`;
  renameSync(temp, path.join(blobs, digest.slice(7)));
  return { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest, size: statSync(path.join(blobs, digest.slice(7))).size };
}

function writeJsonBlob(blobs, mediaType, value) {
  const bytes = Buffer.from(JSON.stringify(value));
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  writeFileSync(path.join(blobs, digest.slice(7)), bytes);
  return { mediaType, digest, size: bytes.length };
}

async function imageLayout(dir) {
  if (existsSync(path.join(dir, 'index.json'))) return;
  rmSync(dir, { recursive: true, force: true });
  const blobs = path.join(dir, 'blobs', 'sha256');
  mkdirSync(blobs, { recursive: true });
  const layerDescriptors = [];
  for (let i = 0; i < layers; i++) layerDescriptors.push(await writeLayer(blobs, Math.floor((totalMb * 1024 * 1024) / layers), i));
  const config = writeJsonBlob(blobs, 'application/vnd.oci.image.config.v1+json', {
    architecture: 'amd64',
    os: 'linux',
    rootfs: { type: 'layers', diff_ids: layerDescriptors.map((l) => l.digest) },
  });
  const manifest = writeJsonBlob(blobs, 'application/vnd.oci.image.manifest.v1+json', {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config,
    layers: layerDescriptors,
  });
  writeFileSync(path.join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  writeFileSync(
    path.join(dir, 'index.json'),
    JSON.stringify({ schemaVersion: 2, manifests: [{ ...manifest, annotations: { 'org.opencontainers.image.ref.name': 'bench' } }] }),
  );
}

const work = path.join(root, '.bench');
mkdirSync(work, { recursive: true });
const layout = path.join(work, `push-${totalMb}mb`);
console.log(`generating ${layers} gzip layers, ${totalMb} MiB of random data, in ${path.relative(root, layout)} (kept for later runs)`);
await imageLayout(layout);

const secrets = mkdtempSync(path.join(tmpdir(), 'drydock-bench-'));
const authfile = path.join(secrets, 'auth.json');
const auth = Buffer.from(`${process.env.DRYDOCK_REGISTRY_USER}:${process.env.DRYDOCK_REGISTRY_PASSWORD}`).toString('base64');
writeFileSync(authfile, JSON.stringify({ auths: { [registry]: { auth } } }), { mode: 0o600 });
const rssFile = path.join(secrets, 'rss');
const wrapper = path.join(root, 'bench', 'max-rss.mjs');

async function pushEcr(layoutDir, repository) {
  const env = {
    ...process.env,
    MAX_RSS_FILE: rssFile,
    INPUT_REPOSITORY: repository,
    INPUT_IMAGE: `oci:${layoutDir}:bench`,
    INPUT_TAGS: 'bench',
    'INPUT_REGISTRY-ENDPOINT': `https://${registry}`,
    INPUT_CONCURRENCY: '4',
    GITHUB_OUTPUT: path.join(secrets, 'output'),
  };
  writeFileSync(env.GITHUB_OUTPUT, '');
  const result = await timedProcess(process.execPath, [wrapper, path.join(root, 'dist/push-ecr/index.js')], env);
  return { seconds: result.ms / 1000, output: result.output, rssKiB: Number(readFileSync(rssFile, 'utf8')) };
}

async function skopeo(layoutDir, repository) {
  const { ms } = await timedProcess(
    'skopeo',
    ['copy', '--quiet', '--dest-authfile', authfile, '--dest-cert-dir', process.env.DRYDOCK_TESTBED_CERT_DIR, `oci:${layoutDir}:bench`, `docker://${registry}/${repository}:bench`],
    process.env,
  );
  return { seconds: ms / 1000 };
}

/**
 * A copy of the layout whose layers the registry has never seen: each layer gets one more gzip member holding a nonce
 * (still one valid gzip stream, new digest). Both tools push fresh content every run; otherwise skopeo's blob-info
 * cache (kept in /var/lib/containers/cache when run as root) turns its uploads into cross-repository mounts of the
 * previous runs' blobs, which is not the work being compared.
 */
function freshLayout(nonce) {
  const dir = path.join(work, `fresh-${nonce}`);
  rmSync(dir, { recursive: true, force: true });
  const blobs = path.join(dir, 'blobs', 'sha256');
  mkdirSync(blobs, { recursive: true });
  const index = JSON.parse(readFileSync(path.join(layout, 'index.json'), 'utf8'));
  const readBlob = (digest) => readFileSync(path.join(layout, 'blobs', 'sha256', digest.slice(7)));
  const manifest = JSON.parse(readBlob(index.manifests[0].digest));
  const suffix = gzipSync(Buffer.from(nonce));
  manifest.layers = manifest.layers.map((layer) => {
    // Copied and hashed in chunks: the parent stays small, so nothing it holds can be mistaken for the child's memory.
    const temp = path.join(blobs, 'partial');
    copyFileSync(path.join(layout, 'blobs', 'sha256', layer.digest.slice(7)), temp);
    appendFileSync(temp, suffix);
    const hash = createHash('sha256');
    const chunk = Buffer.alloc(1024 * 1024);
    const fd = openSync(temp, 'r');
    for (let read; (read = readSync(fd, chunk)) > 0; ) hash.update(chunk.subarray(0, read));
    closeSync(fd);
    const digest = `sha256:${hash.digest('hex')}`;
    renameSync(temp, path.join(blobs, digest.slice(7)));
    return { ...layer, digest, size: layer.size + suffix.length };
  });
  writeFileSync(path.join(blobs, manifest.config.digest.slice(7)), readBlob(manifest.config.digest));
  const manifestBlob = writeJsonBlob(blobs, 'application/vnd.oci.image.manifest.v1+json', manifest);
  writeFileSync(path.join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  writeFileSync(
    path.join(dir, 'index.json'),
    JSON.stringify({ schemaVersion: 2, manifests: [{ ...manifestBlob, annotations: { 'org.opencontainers.image.ref.name': 'bench' } }] }),
  );
  return dir;
}

const drydockTimes = [];
const skopeoTimes = [];
const rss = [];
const stamp = Date.now().toString(36);
let firstLayout;
for (let i = 0; i < runs; i++) {
  const oursLayout = freshLayout(`${stamp}-drydock-${i}`);
  const ours = await pushEcr(oursLayout, `bench/drydock-${stamp}-${i}`);
  drydockTimes.push(ours.seconds);
  rss.push(ours.rssKiB);
  if (i === 0) firstLayout = oursLayout;
  else rmSync(oursLayout, { recursive: true, force: true });
  const theirsLayout = freshLayout(`${stamp}-skopeo-${i}`);
  const theirs = await skopeo(theirsLayout, `bench/skopeo-${stamp}-${i}`);
  rmSync(theirsLayout, { recursive: true, force: true });
  skopeoTimes.push(theirs.seconds);
  console.log(`run ${i + 1}: push-ecr ${ours.seconds.toFixed(2)} s (peak RSS ${mib(ours.rssKiB * 1024)} MiB), skopeo copy ${theirs.seconds.toFixed(2)} s`);
}
const again = await pushEcr(firstLayout, `bench/drydock-${stamp}-0`);
rmSync(firstLayout, { recursive: true, force: true });
const reuse = /(\d+) blobs? uploaded/.exec(again.output)?.[1];

const ratio = median(drydockTimes) / median(skopeoTimes);
console.log('');
console.log(`image: ${layers} layers, ${totalMb} MiB; ${runs} runs each, alternating`);
console.log(`push-ecr median:   ${median(drydockTimes).toFixed(2)} s  (${(totalMb / median(drydockTimes)).toFixed(0)} MiB/s)`);
console.log(`skopeo median:     ${median(skopeoTimes).toFixed(2)} s  (${(totalMb / median(skopeoTimes)).toFixed(0)} MiB/s)`);
console.log(`ratio push-ecr/skopeo: ${ratio.toFixed(2)}  (target <= 1.00)`);
console.log(`push-ecr peak RSS: ${mib(Math.max(...rss) * 1024)} MiB  (target < 200 MiB)`);
console.log(`re-push of the unchanged image: ${again.seconds.toFixed(2)} s, ${reuse ?? '?'} blobs uploaded  (target < 1 s)`);

// Cold start of every bundle: process start to its first request, against a loopback server that answers 503 (and
// for actions that fail before any request, the time to that failure is what is shown).
console.log('');
console.log('bundle              size      cold start (to first request)');
const firstRequest = { at: 0n };
const server = createServer((req, res) => {
  if (!firstRequest.at) firstRequest.at = process.hrtime.bigint();
  res.writeHead(503, { 'retry-after': '0' }).end();
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const stub = `http://127.0.0.1:${server.address().port}`;
const coldInputs = {
  'push-ecr': { INPUT_REPOSITORY: 'cold', INPUT_IMAGE: `oci:${layout}:bench` },
};
for (const name of readdirSync(path.join(root, 'dist')).sort()) {
  const bundle = path.join(root, 'dist', name, 'index.js');
  if (!existsSync(bundle) || name === 'cli') continue;
  const size = statSync(bundle).size;
  const samples = [];
  for (let i = 0; i < 3; i++) {
    firstRequest.at = 0n;
    const started = process.hrtime.bigint();
    await new Promise((resolve) => {
      const child = spawn(process.execPath, [bundle], {
        env: { ...process.env, AWS_ENDPOINT_URL: stub, AWS_MAX_ATTEMPTS: '1', ...(coldInputs[name] ?? {}) },
        stdio: 'ignore',
      });
      const poll = setInterval(() => {
        if (firstRequest.at) {
          clearInterval(poll);
          child.kill('SIGKILL');
        }
      }, 1);
      child.on('exit', () => {
        clearInterval(poll);
        resolve();
      });
    });
    samples.push(Number((firstRequest.at || process.hrtime.bigint()) - started) / 1e6);
  }
  console.log(`${name.padEnd(20)}${(size / 1024).toFixed(0).padStart(6)} KiB  ${median(samples).toFixed(0).padStart(5)} ms${firstRequest.at ? '' : ' (exited before any request: no inputs)'}`);
}
server.close();
rmSync(secrets, { recursive: true, force: true });
