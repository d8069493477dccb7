// npm run bench:sign: notation-sign and verify-signature against the `notation` CLI, same key, same registry, same run.
//
// Pushes 20 small images per tool and run into the testbed's plain-HTTP registry, then:
//   drydock   signs them in one process and verifies them in one process, each action's ncc bundle run as a runner
//             runs it (INPUT_* variables in, GITHUB_OUTPUT out);
//   notation  signs and verifies them with one `notation` invocation per image, as notation-action does.
// The bundles are built fresh for the run (tsc into lib/, then ncc with the options scripts/bundle.mjs uses, into a
// temporary folder), so the figures never come from a stale dist/. Prints median wall times over BENCH_SIGN_RUNS runs
// (default 3), the drydock/notation ratios (target <= 0.5x) of the medians and the range of each run's own ratio,
// and per-image verify latency. The tools take turns going first, and every timed batch starts after `sync`: the
// registry stores on disk, and a batch must not pay for the writes the one before it left to the kernel (unflushed,
// they stalled single requests for half a second). Needs the testbed (scripts/with-testbed.sh, as the npm script does)
// and openssl for the throwaway signing PKI.
// BENCH_SIGN_PROFILE=<dir> writes a CPU profile of every drydock run there (bundles left unminified, for names).
// BENCH_SIGN_CONCURRENCY=<n> sets both actions' concurrency input (default: the actions' default, 8).
// BENCH_SIGN_HTTP=node runs drydock's requests through node:http instead of its own HTTP/1.1 client (NODE_USE_ENV_PROXY=1
// with no proxy set), to compare the two.
// CPU: each batch's client CPU (the tool's processes, from this process's reaped-children times) and the registry's
// CPU (its /proc stat) are printed with the floor they set: no schedule on this machine's cores finishes a batch in less
// than (client + registry CPU) / cores. With them: how many requests each batch made and on how many TCP connections
// (from the registry's log), which is where the tools' work differs most; and the registry's CPU per request, beside
// what it spends on a request that does nothing (GET /v2/), its fixed cost.
// Inside drydock's batches: each run also signs and verifies a third set of images with drydock, untimed, with a
// preload (bench/request-timeline.mjs) that notes when the first request went out and the CPU the process had used by
// then. That splits each batch in two: the start (Node and the bundle loading, inputs read; one core busy, the
// registry idle), and the rest, in which the client's and the registry's CPU over the time taken shows how busy the
// cores were: near 100%, that part of the batch runs as fast as this machine can run its work.
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchPki, pushSmallImages } from './notation-fixtures.mjs';
import { runnerEnv, timed } from './timed-process.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const registry = process.env.DRYDOCK_REGISTRY_HTTP;
const peerBin = process.env.DRYDOCK_PEER_BIN;
if (!registry || !peerBin) {
  console.error('bench:sign needs the testbed: run it as `npm run bench:sign` (scripts/with-testbed.sh)');
  process.exit(1);
}
const IMAGES = 20;
const cores = availableParallelism();
const runs = Number(process.env.BENCH_SIGN_RUNS ?? 3);
// Both actions' concurrency input, when BENCH_SIGN_CONCURRENCY sets it.
const concurrency = process.env.BENCH_SIGN_CONCURRENCY ? { concurrency: process.env.BENCH_SIGN_CONCURRENCY } : {};
const notationBin = path.join(peerBin, 'notation');
// BENCH_SIGN_HTTP=node: drydock's registry requests through node:http (the client it uses behind a proxy).
const nodeHttpEnv = process.env.BENCH_SIGN_HTTP === 'node' ? { NODE_USE_ENV_PROXY: '1' } : {};

// CPU times in ms from /proc (Linux): this process's reaped children (cutime + cstime) and the testbed registry.
const clockTick = 1000 / Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());
const statTimes = (pid) => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ').map(Number);
const childrenCpu = () => { const f = statTimes('self'); return (f[13] + f[14]) * clockTick; };
const registryPid = readFileSync(path.join(root, '.testbed', 'pids'), 'utf8').split('\n').find((line) => line.startsWith('registry-http '))?.split(' ')[1];
if (!registryPid) throw new Error('bench:sign: no registry-http in .testbed/pids');
const registryCpu = () => { const f = statTimes(registryPid); return (f[11] + f[12]) * clockTick; };
// The registry's log gives each batch's request count (its access log has a line per request) and the TCP connections
// they came on (the client address and port in its "response completed" lines; routes it does not serve, such as the
// referrers API, get an access-log line only).
const registryLog = path.join(root, '.testbed', 'registry-http.log');
const logSize = () => statSync(registryLog).size;
function trafficSince(offset) {
  const lines = readFileSync(registryLog).subarray(offset).toString('utf8').split('\n');
  const requests = lines.filter((line) => line.startsWith('127.0.0.1 - ')).length;
  const ports = new Set(lines.map((line) => /http\.request\.remoteaddr="([^"]+)"/.exec(line)?.[1]).filter(Boolean));
  return { requests, connections: ports.size };
}
/** Runs `work`, returning its result with the client and registry CPU it cost and the registry traffic it made. */
async function measured(work) {
  const [client0, registry0, log0] = [childrenCpu(), registryCpu(), logSize()];
  const value = await work();
  const [client, registry] = [childrenCpu() - client0, registryCpu() - registry0];
  return { value, client, registry, ...trafficSince(log0) };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)];
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;

const work = mkdtempSync(path.join(tmpdir(), 'drydock-bench-sign-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

console.log('bench:sign: bundling notation-sign and verify-signature from the current source (tsc, then ncc)');
execFileSync(path.join(root, 'node_modules', '.bin', 'tsc'), ['-p', path.join(root, 'tsconfig.json')], { stdio: 'inherit' });
const bundles = path.join(work, 'bundles');
for (const action of ['notation-sign', 'verify-signature']) {
  execFileSync(
    path.join(root, 'node_modules', '.bin', 'ncc'),
    ['build', path.join('lib', 'actions', action, 'index.js'), '-o', path.join(bundles, action), ...(process.env.BENCH_SIGN_PROFILE ? [] : ['-m']), '-q', '--no-source-map-register'],
    { cwd: root, stdio: 'inherit' },
  );
}
const { RegistryClient } = await import(path.join(root, 'lib/oci/registry-client.js'));
const { sha256Digest } = await import(path.join(root, 'lib/oci/digest.js'));
const { parseImageReference } = await import(path.join(root, 'lib/oci/reference.js'));
const { resolveArtifact } = await import(path.join(root, 'lib/notation/artifact.js'));
const { verifyImage } = await import(path.join(root, 'lib/notation/verify-image.js'));
const { parseTrustPolicy } = await import(path.join(root, 'lib/notation/trust-policy.js'));
const { listSignatures } = await import(path.join(root, 'lib/notation/storage.js'));
const { mapConcurrent } = await import(path.join(root, 'lib/core/pool.js'));

// ---------------------------------------------------------------------------------------------------------------
// A throwaway PKI (EC P-256 root and code signing leaf) and notation's configuration directory, shared by both tools.

const pki = benchPki(work);
const { trustStore, notationConfig, notationEnv } = pki;
const policy = pki.policy;

// ---------------------------------------------------------------------------------------------------------------

const client = new RegistryClient({ registry, insecureHttp: true });

/** Pushes IMAGES small images into `repository`; returns `registry/repo:tag` refs. */
async function pushImages(repository) {
  return (await pushSmallImages(client, sha256Digest, repository, IMAGES)).map((image) => `${registry}/${repository}:${image.tag}`);
}

/** Runs a drydock action's bundle as a runner runs it: INPUT_* in, GITHUB_OUTPUT out. */
async function drydock(action, inputs, { timeline } = {}) {
  const { env, outputFile } = runnerEnv(work, action, inputs, nodeHttpEnv);
  const nodeArgs = process.env.BENCH_SIGN_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_SIGN_PROFILE, '--cpu-prof-interval', '100'] : [];
  if (timeline) {
    nodeArgs.push('--import', path.join(root, 'bench', 'request-timeline.mjs'));
    env.BENCH_TIMELINE_FILE = timeline;
  }
  const elapsed = await timed(process.execPath, [...nodeArgs, path.join(bundles, action, 'index.js')], env);
  return { elapsed, outputs: readFileSync(outputFile, 'utf8') };
}

async function notationEach(command, references) {
  const times = [];
  for (const reference of references) times.push(await timed(notationBin, [command, '--insecure-registry', reference], notationEnv));
  return times;
}

/** From the preload's notes and the registry's CPU for the batch: how long the start took, and how busy the cores were after it. */
function batchInside(file, registryCpu) {
  const { first, exit } = JSON.parse(readFileSync(file, 'utf8'));
  const rest = exit.at - first.at;
  return { start: first.at, rest, client: exit.cpu - first.cpu, registry: registryCpu, busy: (exit.cpu - first.cpu + registryCpu) / (cores * rest) };
}

const results = { drydockSign: [], notationSign: [], drydockVerify: [], notationVerify: [], notationVerifyEach: [], drydockSingle: [], inProcess: [], requestsOnly: [] };
const inside = { sign: [], verify: [] };
const cpu = { drydockSign: [], notationSign: [], drydockVerify: [], notationVerify: [] };
const stamp = Date.now().toString(36);
for (let run = 0; run < runs; run++) {
  const drydockRepo = `bench-sign/${stamp}-${run}-drydock`;
  const notationRepo = `bench-sign/${stamp}-${run}-notation`;
  const timelineRepo = `bench-sign/${stamp}-${run}-timeline`;
  const drydockImages = await pushImages(drydockRepo);
  const notationImages = await pushImages(notationRepo);
  const endpoint = `http://${registry}`;

  // Each tool verifies the images the other signed, so both formats are read by both verifiers.
  const trustPolicyJson = JSON.stringify(policy([`${registry}/${drydockRepo}`, `${registry}/${notationRepo}`, `${registry}/${timelineRepo}`]));
  const verifyInputs = {
    'trust-policy': trustPolicyJson,
    'trust-store': trustStore,
    'registry-endpoint': endpoint,
    ...concurrency,
  };
  const signInputs = (images) => ({
    images: images.join('\n'),
    key: pki.key,
    'certificate-chain': pki.chain,
    'registry-endpoint': endpoint,
    ...concurrency,
  });
  const steps = {
    drydockSign: async () => {
      const signRun = await measured(() => drydock('notation-sign', signInputs(drydockImages)));
      cpu.drydockSign.push(signRun);
      if ((signRun.value.outputs.match(/"signatureDigest"/g) ?? []).length !== IMAGES) throw new Error(`notation-sign did not sign ${IMAGES} images:\n${signRun.value.outputs}`);
      results.drydockSign.push(signRun.value.elapsed);
    },
    notationSign: async () => {
      const notationSignRun = await measured(() => notationEach('sign', notationImages));
      cpu.notationSign.push(notationSignRun);
      results.notationSign.push(notationSignRun.value.reduce((a, b) => a + b, 0));
    },
    drydockVerify: async () => {
      const verifyRun = await measured(() => drydock('verify-signature', { images: notationImages.join('\n'), ...verifyInputs }));
      cpu.drydockVerify.push(verifyRun);
      if ((verifyRun.value.outputs.match(/"digest"/g) ?? []).length !== IMAGES) throw new Error(`verify-signature did not verify ${IMAGES} images:\n${verifyRun.value.outputs}`);
      results.drydockVerify.push(verifyRun.value.elapsed);
    },
    notationVerify: async () => {
      writeFileSync(path.join(notationConfig, 'trustpolicy.json'), trustPolicyJson);
      const notationVerifyRun = await measured(() => notationEach('verify', drydockImages));
      cpu.notationVerify.push(notationVerifyRun);
      results.notationVerify.push(notationVerifyRun.value.reduce((a, b) => a + b, 0));
      results.notationVerifyEach.push(...notationVerifyRun.value);
    },
  };
  // Neither tool always goes first (even runs drydock, odd runs notation), and every timed batch starts after `sync`,
  // so no batch pays for the disk writes the one before it left to the kernel (the registry stores on disk).
  const order = run % 2 === 0
    ? ['drydockSign', 'notationSign', 'drydockVerify', 'notationVerify']
    : ['notationSign', 'drydockSign', 'notationVerify', 'drydockVerify'];
  for (const step of order) {
    execFileSync('sync');
    await steps[step]();
  }
  results.drydockSingle.push((await drydock('verify-signature', { images: notationImages[0], ...verifyInputs })).elapsed);

  // Untimed: the same two batches with the request timeline preload, on images of their own.
  const timelineImages = await pushImages(timelineRepo);
  const signTimeline = path.join(work, 'sign-timeline.json');
  const verifyTimeline = path.join(work, 'verify-timeline.json');
  execFileSync('sync');
  const signInside = await measured(() => drydock('notation-sign', signInputs(timelineImages), { timeline: signTimeline }));
  inside.sign.push(batchInside(signTimeline, signInside.registry));
  execFileSync('sync');
  const verifyInside = await measured(() => drydock('verify-signature', { images: timelineImages.join('\n'), ...verifyInputs }, { timeline: verifyTimeline }));
  inside.verify.push(batchInside(verifyTimeline, verifyInside.registry));

  // Warm, in-process: what one image costs inside a running verify-signature (resolve, list, read, verify).
  const trustPolicy = parseTrustPolicy(verifyInputs['trust-policy'], 'bench');
  for (const reference of notationImages) {
    const started = performance.now();
    const artifact = await resolveArtifact(client, parseImageReference(reference, 'images'));
    const outcome = await verifyImage({ client, artifact, trustPolicy, trustStoreDir: trustStore, verifyAt: new Date() });
    if (outcome.verdict !== 'pass') throw new Error(`in-process verification of ${reference} failed: ${outcome.failure?.message}`);
    results.inProcess.push(performance.now() - started);
  }
  // The floor under any verifier of this batch on this machine: only the registry requests verify-signature makes
  // (resolve, list, signature manifest, envelope), warm, at its default concurrency; no crypto, no process start.
  const repository = notationRepo;
  const started = performance.now();
  await mapConcurrent(notationImages, 8, async (reference) => {
    const tag = reference.slice(reference.lastIndexOf(':') + 1);
    const manifest = await client.headManifest(repository, tag);
    const [signature] = await listSignatures(client, repository, manifest.digest);
    const signatureManifest = await client.getManifest(repository, signature.digest);
    await client.readBlob(repository, signatureManifest.parsed.manifest.layers[0]);
  });
  results.requestsOnly.push(performance.now() - started);
}

// Cold starts: the verify-signature bundle failing on its first input check (everything loaded, nothing done), and
// `notation version`.
// Node alone (`node -e 0`) too: the part of drydock's cold start no bundle can save.
const coldStarts = { drydock: [], notation: [], node: [] };
for (let i = 0; i < 5; i++) {
  coldStarts.drydock.push(await timed(process.execPath, [path.join(bundles, 'verify-signature', 'index.js')], { PATH: process.env.PATH, HOME: work }, true));
  coldStarts.notation.push(await timed(notationBin, ['version'], notationEnv));
  coldStarts.node.push(await timed(process.execPath, ['-e', '0'], { PATH: process.env.PATH }));
}

// The registry's CPU for a request that does nothing (GET /v2/, 200 in a row on one connection): the cost every request
// of either tool pays before its own work, and why the request counts above weigh as much as they do.
async function registryCpuPerPing() {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const [host, port] = registry.split(':');
  const ping = () => new Promise((resolve, reject) => http.get({ host, port, path: '/v2/', agent }, (response) => response.resume().on('end', resolve)).on('error', reject));
  const before = registryCpu();
  for (let i = 0; i < 200; i++) await ping();
  agent.destroy();
  return (registryCpu() - before) / 200;
}
const pingCpu = await registryCpuPerPing();

const row = (label, ours, theirs) => {
  const ratio = median(ours) / median(theirs);
  return `${label.padEnd(22)}${seconds(median(ours)).padStart(10)}${seconds(median(theirs)).padStart(12)}${`${ratio.toFixed(2)}x`.padStart(9)}   ${ratio <= 0.5 ? 'meets' : 'MISSES'} the <= 0.5x target`;
};
console.log('');
console.log(`bench:sign: ${IMAGES} images per tool and run, registry ${registry} (plain HTTP), EC P-256 key, median of ${runs} run(s)`);
console.log(`drydock: one process per batch, the action bundles (ncc, built from the current source for this run), concurrency ${process.env.BENCH_SIGN_CONCURRENCY ?? '8 (default)'}, HTTP through ${nodeHttpEnv.NODE_USE_ENV_PROXY ? 'node:http (BENCH_SIGN_HTTP=node)' : "drydock's own client"}`);
console.log(`notation: ${path.basename(notationBin)} ${execFileSync(notationBin, ['version'], { env: notationEnv }).toString().match(/Version:\s*(\S+)/)?.[1] ?? ''}, one process per image`);
console.log('');
console.log(`${''.padEnd(22)}${'drydock'.padStart(10)}${'notation'.padStart(12)}${'ratio'.padStart(9)}`);
console.log(row(`sign ${IMAGES} images`, results.drydockSign, results.notationSign));
console.log(row(`verify ${IMAGES} images`, results.drydockVerify, results.notationVerify));
// Each run timed both tools, one after the other: its own ratio shows how much the medians' ratio owes to the machine.
const perRun = (label, ours, theirs) => {
  const ratios = ours.map((value, run) => value / theirs[run]);
  const met = ratios.filter((ratio) => ratio <= 0.5).length;
  return `  ${label.padEnd(20)}median ${median(ratios).toFixed(2)}x, ${Math.min(...ratios).toFixed(2)}x to ${Math.max(...ratios).toFixed(2)}x, <= 0.5x in ${met} of ${ratios.length} runs`;
};
console.log('ratio of each run (drydock / notation in the same run):');
console.log(perRun('sign', results.drydockSign, results.notationSign));
console.log(perRun('verify', results.drydockVerify, results.notationVerify));
console.log(`${'cold start'.padEnd(22)}${`${median(coldStarts.drydock).toFixed(0)} ms`.padStart(10)}${`${median(coldStarts.notation).toFixed(0)} ms`.padStart(12)}   (paid once per batch by drydock, once per image by notation; node alone: ${median(coldStarts.node).toFixed(0)} ms)`);
console.log('');
console.log('per-image verify latency:');
console.log(`  notation verify, one process per image:    median ${median(results.notationVerifyEach).toFixed(0)} ms, p95 ${percentile(results.notationVerifyEach, 95).toFixed(0)} ms`);
console.log(`  drydock batch of ${IMAGES}, wall / image:          ${(median(results.drydockVerify) / IMAGES).toFixed(0)} ms`);
console.log(`  drydock verify-signature, a single image:   ${median(results.drydockSingle).toFixed(0)} ms (process start included)`);
console.log(`  drydock in-process, warm, one at a time:    median ${median(results.inProcess).toFixed(1)} ms, p95 ${percentile(results.inProcess, 95).toFixed(1)} ms`);
console.log(`registry requests alone for the ${IMAGES}-image verify batch (warm, concurrency 8): ${median(results.requestsOnly).toFixed(0)} ms`);

const ms = (value) => `${value.toFixed(0)} ms`;
console.log('');
console.log(`CPU per batch, median (client = the tool's processes, registry = the testbed registry; ${cores} cores):`);
console.log(`${''.padEnd(22)}${'client'.padStart(10)}${'registry'.padStart(10)}${'floor'.padStart(10)}${'wall'.padStart(10)}${'requests'.padStart(10)}${'conns'.padStart(7)}${'reg/req'.padStart(9)}`);
for (const [label, runs, walls] of [
  ['drydock sign', cpu.drydockSign, results.drydockSign],
  ['notation sign', cpu.notationSign, results.notationSign],
  ['drydock verify', cpu.drydockVerify, results.drydockVerify],
  ['notation verify', cpu.notationVerify, results.notationVerify],
]) {
  const client = median(runs.map((run) => run.client));
  const registryTime = median(runs.map((run) => run.registry));
  const requests = median(runs.map((run) => run.requests));
  const connections = median(runs.map((run) => run.connections));
  console.log(`${label.padEnd(22)}${ms(client).padStart(10)}${ms(registryTime).padStart(10)}${ms((client + registryTime) / cores).padStart(10)}${ms(median(walls)).padStart(10)}${String(requests).padStart(10)}${String(connections).padStart(7)}${`${(registryTime / requests).toFixed(1)} ms`.padStart(9)}`);
}
console.log(`floor: (client + registry CPU) / ${cores} cores, the least wall time any schedule of that work needs on this machine`);
// notation runs one process at a time, so its wall time is about its CPU; drydock's wall time can only fall below its
// CPU ratio by keeping both cores busy at once: the less they overlap, the closer the wall ratio comes to this one.
const totalCpu = (runs) => median(runs.map((run) => run.client + run.registry));
console.log(
  `CPU ratio, client + registry, drydock / notation: sign ${(totalCpu(cpu.drydockSign) / totalCpu(cpu.notationSign)).toFixed(2)}x, verify ${(totalCpu(cpu.drydockVerify) / totalCpu(cpu.notationVerify)).toFixed(2)}x (the wall ratio gets below it only by using both cores at once)`,
);
console.log('requests, conns: the registry requests the batch made and the TCP connections they came on (from its log); reg/req: registry CPU per request');
console.log(`the registry's CPU for a request that does nothing (GET /v2/, 200 in a row): ${pingCpu.toFixed(1)} ms`);

console.log('');
console.log(`Inside drydock's batches, median (an untimed extra batch per run; the start ends when the first request is sent):`);
console.log(`${''.padEnd(22)}${'start'.padStart(10)}${'rest'.padStart(10)}${'client'.padStart(10)}${'registry'.padStart(10)}${'cores busy'.padStart(12)}`);
for (const [label, batches] of [['drydock sign', inside.sign], ['drydock verify', inside.verify]]) {
  const of = (key) => median(batches.map((batch) => batch[key]));
  console.log(`${label.padEnd(22)}${ms(of('start')).padStart(10)}${ms(of('rest')).padStart(10)}${ms(of('client')).padStart(10)}${ms(of('registry')).padStart(10)}${`${(of('busy') * 100).toFixed(0)}%`.padStart(12)}`);
}
console.log(`rest: from the first request to the process's exit; client, registry: their CPU in it; cores busy: both over ${cores} x rest`);
