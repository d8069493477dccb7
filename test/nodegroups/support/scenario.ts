import type { Clock } from '../../../src/core/clock.js';
import { createRecordingLogger, type RecordedLine } from '../../../src/core/logger.js';
import { performRollout } from '../../../src/nodegroups/rollout.js';
import type { NodegroupSelection, RolloutSettings } from '../../../src/nodegroups/settings.js';
import { FakeClock } from '../../support/fake-clock.js';
import { FakeAws, type FakeRegion } from './fake-aws.js';

/** AMIs the rollout tests use, registered in a fake region by addStandardImages. */
export const AMI = {
  al2023Current: 'ami-0a202300000000001',
  al2023Target: 'ami-0a202300000000002',
  al2Current: 'ami-0a200000000000001',
  al2Target: 'ami-0a200000000000002',
  unknown: 'ami-0f000000000000009',
  windows: 'ami-0e000000000000009',
} as const;

export function addStandardImages(region: FakeRegion): void {
  const x86 = { architecture: 'x86_64' } as const;
  region.addImage({ id: AMI.al2023Current, name: 'amazon-eks-node-al2023-x86_64-standard-1.31-v20241115', ...x86 });
  region.addImage({
    id: AMI.al2023Target,
    name: 'drydock-hardened-1.31-20260101',
    description: 'CIS hardened Amazon Linux 2023 EKS node',
    tags: { 'drydock:kubernetes-version': '1.31' },
    ...x86,
  });
  region.addImage({ id: AMI.al2Current, name: 'amazon-eks-node-1.31-v20241115', ...x86 });
  region.addImage({ id: AMI.al2Target, name: 'drydock-hardened-al2-1.31', tags: { 'drydock:os-family': 'al2' }, ...x86 });
  region.addImage({ id: AMI.unknown, name: 'golden-image-7', ...x86 });
  region.addImage({ id: AMI.windows, name: 'EKS-Windows-2022', windows: true, ...x86 });
}

export function rolloutSettings(
  overrides: Partial<Omit<RolloutSettings, 'selection'>> & { selection?: Partial<NodegroupSelection> } = {},
): RolloutSettings {
  const { selection, ...rest } = overrides;
  return {
    amis: new Map([['us-east-1', AMI.al2023Target]]),
    force: false,
    maxParallel: 5,
    maxParallelPerCluster: 1,
    wait: true,
    timeoutMs: 90 * 60_000,
    failFast: true,
    dryRun: false,
    runLabel: 'run 42.1',
    ...rest,
    selection: { clusters: ['*'], clusterTags: [], nodegroups: [], nodegroupLabels: [], nodegroupTags: [], allowEmpty: false, ...selection },
  };
}

export async function runRollout(fake: FakeAws, settings: RolloutSettings, clock: Clock = fake.clock, signal?: AbortSignal) {
  const lines: RecordedLine[] = [];
  const logger = createRecordingLogger(lines);
  const changes: string[] = [];
  const report = await performRollout(settings, { clients: fake.factory, logger, clock, ...(signal ? { signal } : {}), onChange: (change) => changes.push(change) });
  return { report, lines, text: lines.map((line) => line.message).join('\n'), changes };
}

/** A fake AWS with one region, us-east-1, holding the standard images. */
export function newFake(clock: Clock = new FakeClock()): { fake: FakeAws; region: FakeRegion } {
  const fake = new FakeAws(clock);
  const region = fake.region('us-east-1');
  addStandardImages(region);
  return { fake, region };
}
