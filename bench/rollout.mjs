// Benchmark for rollout-nodegroups (bench/rollout.mjs): 3 regions x 4 clusters x 3 managed node groups (36), rolled
// by drydock's rollout on the EKS/EC2 double of test/nodegroups/support (aws-sdk-client-mock underneath), on simulated
// time where every node group update takes 20 minutes. For each pair of limits it reports the simulated wall time
// against the sequential baseline (36 x 20 minutes) and against the ideal for those limits
// (20 minutes x max(ceil(36 / max-parallel), ceil(3 / max-parallel-per-cluster))), the API calls per node group, and
// the peak number of updates in flight overall and per cluster.
// Targets: wall time within 10% of the ideal; at most 25 DescribeUpdate calls per 20-minute update; no limit exceeded.
// Run: npm run bench:rollout   (or: npx tsc -p bench/rollout.tsconfig.json && node bench/rollout.mjs; needs Node 24)
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = path.join(root, 'node_modules/.cache/drydock-bench-rollout');
const module = (file) => path.join(built, file);
if (!existsSync(module('src/nodegroups/rollout.js'))) {
  console.error('The benchmark build is missing: run `npx tsc -p bench/rollout.tsconfig.json` first (npm run bench:rollout does).');
  process.exit(1);
}
const { FakeAws, TWENTY_MINUTES } = await import(module('test/nodegroups/support/fake-aws.js'));
const { VirtualClock } = await import(module('test/nodegroups/support/virtual-clock.js'));
const { AMI, addStandardImages, rolloutSettings } = await import(module('test/nodegroups/support/scenario.js'));
const { performRollout } = await import(module('src/nodegroups/rollout.js'));
const { createRecordingLogger } = await import(module('src/core/logger.js'));

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const CLUSTERS = 4;
const NODEGROUPS = 3;
const TOTAL = REGIONS.length * CLUSTERS * NODEGROUPS;
const MAX_DESCRIBES_PER_UPDATE = 25;
const minutes = (ms) => ms / 60_000;

function fleet() {
  const clock = new VirtualClock();
  const fake = new FakeAws(clock);
  for (const name of REGIONS) {
    const region = fake.region(name);
    addStandardImages(region);
    for (let c = 1; c <= CLUSTERS; c++) {
      region.addCluster({ name: `cluster-${c}` });
      for (let n = 1; n <= NODEGROUPS; n++) {
        const lt = region.addLaunchTemplate(`c${c}-ng${n}`, [{ imageId: AMI.al2023Current, userData: '' }]);
        region.addNodegroup({ cluster: `cluster-${c}`, name: `ng-${n}`, launchTemplate: { id: lt, version: '1' } });
      }
    }
  }
  return { clock, fake };
}

async function measure(maxParallel, maxParallelPerCluster) {
  const { clock, fake } = fleet();
  const settings = rolloutSettings({
    amis: new Map(REGIONS.map((region) => [region, AMI.al2023Target])),
    maxParallel,
    maxParallelPerCluster,
  });
  const started = clock.now();
  const hostStarted = performance.now();
  const report = await performRollout(settings, { clients: fake.factory, logger: createRecordingLogger(), clock });
  const wallMs = clock.now() - started;
  const updates = fake.updatesStarted();
  const calls = {};
  for (const call of fake.calls) calls[call.command] = (calls[call.command] ?? 0) + 1;
  const idealMs = TWENTY_MINUTES * Math.max(Math.ceil(TOTAL / maxParallel), Math.ceil(NODEGROUPS / maxParallelPerCluster));
  return {
    maxParallel,
    maxParallelPerCluster,
    updated: report.updated.length,
    failed: report.failed.length,
    wallMs,
    idealMs,
    hostMs: performance.now() - hostStarted,
    maxDescribes: Math.max(...updates.map((update) => update.describeCalls)),
    meanDescribes: updates.reduce((sum, update) => sum + update.describeCalls, 0) / updates.length,
    calls,
    peak: fake.inFlight.peak,
    peakPerCluster: fake.inFlight.maxPerCluster,
  };
}

const sequentialMs = TOTAL * TWENTY_MINUTES;
const configs = [
  [5, 1], // the defaults
  [1, 1], // drydock run sequentially: the measured baseline
  [12, 1],
  [36, 3], // every node group at once: per-cluster is the binding limit
];
const results = [];
for (const [parallel, perCluster] of configs) results.push(await measure(parallel, perCluster));

console.log(`rollout-nodegroups benchmark: ${REGIONS.length} regions x ${CLUSTERS} clusters x ${NODEGROUPS} node groups = ${TOTAL}, each update 20 simulated minutes`);
console.log(`sequential baseline (${TOTAL} x 20 min): ${minutes(sequentialMs)} min\n`);
const header = ['max-parallel', 'per-cluster', 'updated', 'wall (sim)', 'ideal', 'vs ideal', 'speed-up vs sequential', 'DescribeUpdate/update (max, mean)', 'peak in flight (all, cluster)', 'host time'];
const rows = results.map((r) => [
  String(r.maxParallel),
  String(r.maxParallelPerCluster),
  `${r.updated}/${TOTAL}`,
  `${minutes(r.wallMs).toFixed(1)} min`,
  `${minutes(r.idealMs)} min`,
  `+${((r.wallMs / r.idealMs - 1) * 100).toFixed(1)}%`,
  `${(sequentialMs / r.wallMs).toFixed(2)}x`,
  `${r.maxDescribes}, ${r.meanDescribes.toFixed(1)}`,
  `${r.peak}, ${r.peakPerCluster}`,
  `${(r.hostMs / 1000).toFixed(2)} s`,
]);
const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
for (const row of [header, widths.map((w) => '-'.repeat(w)), ...rows]) console.log(row.map((cell, i) => cell.padEnd(widths[i])).join('  '));

const defaults = results[0];
console.log(`\nAPI calls per node group (defaults, ${TOTAL} node groups):`);
for (const [command, count] of Object.entries(defaults.calls).sort()) console.log(`  ${command.padEnd(32)} ${(count / TOTAL).toFixed(2)}  (${count})`);

const failures = [];
for (const r of results) {
  const name = `max-parallel ${r.maxParallel}, per cluster ${r.maxParallelPerCluster}`;
  if (r.updated !== TOTAL || r.failed !== 0) failures.push(`${name}: ${r.updated} of ${TOTAL} updated`);
  if (r.wallMs > r.idealMs * 1.1) failures.push(`${name}: wall time ${minutes(r.wallMs).toFixed(1)} min is more than 10% over the ideal ${minutes(r.idealMs)} min`);
  if (r.maxDescribes > MAX_DESCRIBES_PER_UPDATE) failures.push(`${name}: ${r.maxDescribes} DescribeUpdate calls for one update (target <= ${MAX_DESCRIBES_PER_UPDATE})`);
  if (r.peak > r.maxParallel || r.peakPerCluster > r.maxParallelPerCluster) failures.push(`${name}: limits exceeded (peak ${r.peak}, per cluster ${r.peakPerCluster})`);
}
console.log(
  failures.length === 0
    ? `\nTargets met: every wall time within 10% of its ideal, at most ${MAX_DESCRIBES_PER_UPDATE} DescribeUpdate calls per update, no limit exceeded.`
    : `\nTargets missed:\n${failures.map((failure) => `  - ${failure}`).join('\n')}`,
);
process.exitCode = failures.length === 0 ? 0 : 1;
