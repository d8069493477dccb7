// Concurrency on simulated time (support/virtual-clock.ts): updates take 20 simulated minutes each, in parallel, so the
// in-flight counts and the total time are what EKS would see. The fake counts an update in flight from
// UpdateNodegroupVersion until a DescribeUpdate first reports it finished, which is when drydock can free the slot.
import { runWithinLimits, type SlotRelease } from '../../src/nodegroups/limits.js';
import { FakeAws, TWENTY_MINUTES, type FakeRegion } from './support/fake-aws.js';
import { AMI, addStandardImages, rolloutSettings, runRollout } from './support/scenario.js';
import { VirtualClock } from './support/virtual-clock.js';

function fleet(clusters: number, perCluster: number) {
  const clock = new VirtualClock();
  const fake = new FakeAws(clock);
  const region: FakeRegion = fake.region('us-east-1');
  addStandardImages(region);
  for (let c = 1; c <= clusters; c++) {
    region.addCluster({ name: `c${c}` });
    for (let n = 1; n <= perCluster; n++) {
      const lt = region.addLaunchTemplate(`c${c}-ng${n}`, [{ imageId: AMI.al2023Current, userData: '' }]);
      region.addNodegroup({ cluster: `c${c}`, name: `ng${n}`, launchTemplate: { id: lt, version: '1' } });
    }
  }
  return { clock, fake };
}

describe('concurrency limits during a rollout', () => {
  test.each([
    // clusters, node groups each, max-parallel, max-parallel-per-cluster
    [3, 3, 2, 1],
    [4, 3, 5, 1],
    [2, 4, 5, 2],
    [6, 2, 3, 2],
    [1, 5, 5, 5],
  ])('%i clusters x %i node groups, max-parallel %i, per cluster %i: limits never exceeded, time close to ideal', async (clusters, each, maxParallel, perCluster) => {
    const { clock, fake } = fleet(clusters, each);
    const started = clock.now();
    const { report } = await runRollout(fake, rolloutSettings({ maxParallel, maxParallelPerCluster: perCluster }), clock);

    expect(report.updated).toHaveLength(clusters * each);
    expect(fake.inFlight.peak).toBeLessThanOrEqual(maxParallel);
    expect(fake.inFlight.maxPerCluster).toBeLessThanOrEqual(perCluster);
    // The limits are used, not just respected.
    expect(fake.inFlight.peak).toBe(Math.min(maxParallel, clusters * perCluster, clusters * each));

    const rounds = Math.max(Math.ceil((clusters * each) / maxParallel), Math.ceil(each / perCluster));
    const elapsed = clock.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(rounds * TWENTY_MINUTES);
    expect(elapsed).toBeLessThanOrEqual(rounds * TWENTY_MINUTES * 1.1);
  });

  test('the default limits (5 overall, 1 per cluster) hold with node groups of very different lengths', async () => {
    const { clock, fake } = fleet(8, 3);
    fake.behavior = (ref) => ({ outcome: 'Successful', durationMs: (5 + ((ref.cluster.length * 7 + Number(ref.nodegroup.slice(2)) * 13) % 40)) * 60_000 });
    const { report } = await runRollout(fake, rolloutSettings(), clock);
    expect(report.updated).toHaveLength(24);
    expect(fake.inFlight.peak).toBe(5);
    expect(fake.inFlight.maxPerCluster).toBe(1);
  });
});

describe('runWithinLimits', () => {
  const job = (clock: VirtualClock, log: string[], ms: number, release: SlotRelease = 'release') => async (item: { key: string; id: string }) => {
    log.push(`start ${item.id} @${(clock.now() - Date.parse('2026-01-01T00:00:00Z')) / 1000}`);
    await clock.sleep(ms);
    return release;
  };

  test('starts the key with the most jobs left first, so the long queue does not run alone at the end', async () => {
    const clock = new VirtualClock();
    const log: string[] = [];
    const items = [
      { key: 'small', id: 's1' },
      { key: 'big', id: 'b1' },
      { key: 'big', id: 'b2' },
      { key: 'big', id: 'b3' },
      { key: 'other', id: 'o1' },
    ];
    const left = await runWithinLimits(items, { overall: 2, keyOf: (item) => item.key, capacityOf: () => 1, mayStart: () => true }, job(clock, log, 1000));
    expect(left).toEqual([]);
    expect(log).toEqual(['start b1 @0', 'start s1 @0', 'start b2 @1', 'start o1 @1', 'start b3 @2']);
  });

  test('a held slot stays occupied: its key gets no more jobs and the overall count keeps it', async () => {
    const clock = new VirtualClock();
    const log: string[] = [];
    const items = [
      { key: 'a', id: 'a1' },
      { key: 'a', id: 'a2' },
      { key: 'b', id: 'b1' },
      { key: 'c', id: 'c1' },
    ];
    const left = await runWithinLimits(
      items,
      { overall: 2, keyOf: (item) => item.key, capacityOf: () => 1, mayStart: () => true },
      async (item) => job(clock, log, 1000, item.id === 'a1' ? 'hold' : 'release')(item),
    );
    expect(left.map((item) => item.id)).toEqual(['a2']);
    expect(log).toEqual(['start a1 @0', 'start b1 @0', 'start c1 @1']);
  });

  test('once mayStart turns false nothing more starts and the rest come back', async () => {
    const log: string[] = [];
    let stop = false;
    const items = ['1', '2', '3', '4'].map((id) => ({ key: id, id }));
    const left = await runWithinLimits(items, { overall: 1, keyOf: (item) => item.key, capacityOf: () => 1, mayStart: () => !stop }, async (item) => {
      log.push(item.id);
      if (item.id === '2') stop = true;
      return 'release';
    });
    expect(log).toEqual(['1', '2']);
    expect(left.map((item) => item.id)).toEqual(['3', '4']);
  });

  test('nothing to do resolves at once', async () => {
    await expect(runWithinLimits([], { overall: 1, keyOf: () => 'k', capacityOf: () => 1, mayStart: () => true }, async () => 'release')).resolves.toEqual([]);
  });
});
