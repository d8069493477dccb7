// Benchmark for build-harden-ami (bench/imagebuilder.mjs). Not a speed race: an Image Builder build takes tens of
// minutes on AWS. It reports
//   1. how many GetImage (status) calls the waiter makes for simulated builds of 30, 60 and 120 minutes, and how soon
//      after each state change the waiter sees it (target for 60 minutes: at most 40 calls);
//   2. the action's cold start: from process start to its first AWS request, for the ncc bundle
//      dist/build-harden-ami/index.js when it exists and for the tsc output lib/actions/build-harden-ami/index.js.
// Run: npm run bench:imagebuilder   (or: npm run build && node bench/imagebuilder.mjs; needs Node 24)
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const lib = (file) => path.join(root, 'lib', file);
if (!existsSync(lib('imagebuilder/wait.js'))) {
  console.error('lib/ is missing: run `npx tsc -p tsconfig.json` (or npm run build) first.');
  process.exit(1);
}
const { waitForImage } = await import(lib('imagebuilder/wait.js'));
const { DEFAULT_POLL_POLICY } = await import(lib('imagebuilder/poll-schedule.js'));

const MINUTE = 60_000;

/** A simulated clock: sleeping advances time at once. */
function simulatedClock() {
  let now = 0;
  return { now: () => now, sleep: async (ms) => void (now += ms) };
}

/** Answers GetImage from a timeline on the simulated clock; the only client the waiter needs. */
function simulatedImageBuilder(clock, timeline) {
  const seen = [];
  return {
    seen,
    send: async (command) => {
      const name = command.constructor.name;
      if (name !== 'GetImageCommand') return {};
      let status = timeline[0].status;
      for (const step of timeline) if (step.atMs <= clock.now()) status = step.status;
      seen.push({ atMs: clock.now(), status });
      return { image: { arn: 'arn:aws:imagebuilder:us-east-1:123456789012:image/bench/1.0.0/1', state: { status } } };
    },
  };
}

/** A CIS hardening build scaled to `total` minutes: short queue, long build and test phases, a quick end. */
function buildTimeline(total) {
  const at = (fraction) => Math.round(total * fraction * MINUTE);
  return [
    { status: 'PENDING', atMs: 0 },
    { status: 'BUILDING', atMs: Math.min(at(1 / 60), MINUTE) },
    { status: 'TESTING', atMs: at(35 / 60) },
    { status: 'DISTRIBUTING', atMs: at(52 / 60) },
    { status: 'INTEGRATING', atMs: at(59 / 60) },
    { status: 'AVAILABLE', atMs: at(1) },
  ];
}

const silentLogger = { isDebug: false, debug() {}, info() {}, warning() {}, error() {}, group: (_t, body) => body() };

/**
 * Runs the waiter over one simulated build. The state changes are shifted by several offsets that do not line up
 * with any poll interval, and the worst case over them is reported: a change that happens to coincide with a poll
 * would otherwise look instant.
 */
const OFFSETS_MS = [0, 7_000, 19_000, 31_000, 43_000, 53_000];
async function simulate(total, policy) {
  let calls = 0;
  const worst = new Map();
  for (const offset of OFFSETS_MS) {
    const clock = simulatedClock();
    const timeline = buildTimeline(total).map((step, index) => (index === 0 ? step : { ...step, atMs: step.atMs + offset }));
    const client = simulatedImageBuilder(clock, timeline);
    const outcome = await waitForImage(client, 'arn:bench', { clock, logger: silentLogger, timeoutMs: 6 * 60 * MINUTE, ...(policy ? { policy } : {}) });
    calls = Math.max(calls, outcome.statusCalls);
    for (const step of timeline.slice(1)) {
      // A poll interval longer than a state can skip it entirely: reported as "missed".
      const seen = outcome.transitions.find((transition) => transition.status === step.status);
      const latency = seen ? seen.atMs - step.atMs : Infinity;
      worst.set(step.status, Math.max(worst.get(step.status) ?? 0, latency));
    }
  }
  return { calls, latencies: [...worst].map(([status, latencyMs]) => ({ status, latencyMs })) };
}

const fixed = (ms) => ({ firstDelayMs: ms, factor: 1, maxDelayMs: () => ms });
const seconds = (ms) => (ms === Infinity ? 'missed' : `${Math.round(ms / 1000)}s`);

console.log('== build-harden-ami: status calls while waiting (simulated builds; worst case over 6 phase offsets) ==');
console.log('policy: first wait 20s after start and after every state change, doubling; ceiling 150s in BUILDING/TESTING, 60s otherwise\n');
const rows = [];
for (const total of [30, 60, 120]) {
  const result = await simulate(total);
  rows.push([`${total}-minute build`, 'drydock backoff', result]);
}
rows.push(['60-minute build', 'fixed 30s poll', await simulate(60, fixed(30_000))]);
rows.push(['60-minute build', 'fixed 60s poll', await simulate(60, fixed(60_000))]);
const header = ['build', 'policy', 'GetImage calls', ...buildTimeline(60).slice(1).map((step) => `${step.status} seen within`)];
const table = [header, ...rows.map(([build, policy, result]) => [build, policy, String(result.calls), ...result.latencies.map((item) => seconds(item.latencyMs))])];
const widths = header.map((_, column) => Math.max(...table.map((row) => row[column].length)));
for (const row of table) console.log(row.map((cell, column) => cell.padEnd(widths[column])).join('  '));
const sixty = rows.find(([build, policy]) => build === '60-minute build' && policy === 'drydock backoff')[2];
const worst = Math.max(...sixty.latencies.map((item) => item.latencyMs));
console.log(`\n60-minute build: at most ${sixty.calls} status calls (target <= 40: ${sixty.calls <= 40 ? 'met' : 'MISSED'}); ` +
  `state changes seen within ${sixty.latencies.map((item) => `${item.status} ${seconds(item.latencyMs)}`).join(', ')}; worst ${seconds(worst)}.`);
console.log('Every change after a short state (and the end of the build) within 60s; changes ending the long BUILDING/TESTING phases within 150s.');
console.log('At most 40 calls in 60 minutes means 90s between calls on average, so no policy can see every change within 60s at that budget.\n');

// ---- cold start ----
const entries = [path.join(root, 'dist', 'build-harden-ami', 'index.js'), lib('actions/build-harden-ami/index.js')].filter((file) => existsSync(file));
const runs = Number(process.env.BENCH_RUNS ?? 7);

/** Spawns the action in check mode against a loopback endpoint; resolves with ms from spawn to its first request. */
async function coldStart(entry) {
  let firstRequest;
  const server = createServer((request, response) => {
    firstRequest ??= performance.now();
    request.resume();
    request.on('end', () => {
      // Any well-formed AWS JSON error ends the run quickly; only the arrival time matters.
      response.writeHead(400, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': 'ParameterNotFound' });
      response.end(JSON.stringify({ __type: 'ParameterNotFound', message: 'benchmark' }));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  const started = performance.now();
  const child = spawn(process.execPath, [entry], {
    stdio: 'ignore',
    env: {
      PATH: process.env.PATH,
      'INPUT_MODE': 'check',
      'INPUT_REGION': 'us-east-1',
      'INPUT_KUBERNETES-VERSION': '1.31',
      AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_MAX_ATTEMPTS: '1',
    },
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  const exited = new Promise((resolve) => child.on('exit', resolve));
  await exited;
  clearTimeout(killer);
  server.close();
  return { firstRequestMs: firstRequest === undefined ? undefined : firstRequest - started, totalMs: performance.now() - started };
}

const median = (values) => values[Math.floor(values.length / 2)];
for (const entry of entries) {
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(await coldStart(entry));
  const first = samples.map((sample) => sample.firstRequestMs).filter((ms) => ms !== undefined).sort((a, b) => a - b);
  const total = samples.map((sample) => sample.totalMs).sort((a, b) => a - b);
  console.log(`== build-harden-ami: cold start of ${path.relative(root, entry)} (Node ${process.versions.node}, ${runs} runs) ==`);
  if (first.length === 0) {
    console.log('the action made no request; check the entry point');
    process.exitCode = 1;
    continue;
  }
  console.log(`process start -> first AWS request: median ${median(first).toFixed(0)} ms (min ${first[0].toFixed(0)}, max ${first.at(-1).toFixed(0)})`);
  console.log(`process start -> exit (check mode, request refused): median ${median(total).toFixed(0)} ms\n`);
}
