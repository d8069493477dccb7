import type { ActionContext, ActionDefinition } from '../../core/action.js';
import { createRegionClients, type RegionClientFactory } from '../../nodegroups/aws-clients.js';
import { performRollout } from '../../nodegroups/rollout.js';
import { parseRolloutNodegroupsInputs, type RolloutNodegroupsSettings } from './inputs.js';
import { outputEntry, writeRolloutSummary } from './summary.js';

/** What the action needs from outside: AWS clients per region (tests hand in mocked ones). */
export interface RolloutNodegroupsDependencies {
  readonly clients: RegionClientFactory;
}

async function run(settings: RolloutNodegroupsSettings, context: ActionContext, dependencies: RolloutNodegroupsDependencies): Promise<void> {
  const report = await performRollout(settings, {
    clients: dependencies.clients,
    logger: context.logger,
    clock: context.clock,
    signal: context.signal,
    // Recorded for the summary of a step stopped before its own (a second cancel signal): no version goes unrecorded.
    onChange: (change) => context.summary.recordChange(change),
  });
  context.outputs.set('updated', report.updated.map(outputEntry));
  context.outputs.set('skipped', report.skipped.map(outputEntry));
  context.outputs.set('failed', report.failed.map(outputEntry));
  writeRolloutSummary(context.summary, report, settings);
  if (report.failed.length > 0) {
    const names = report.failed.map((entry) => `${entry.region}/${entry.cluster}/${entry.nodegroup} (${entry.result})`).join(', ');
    throw new Error(`${report.failed.length} node group update(s) did not succeed: ${names}. The failed output and the job summary give the reasons.`);
  }
}

export function createRolloutNodegroupsAction(
  dependencies: RolloutNodegroupsDependencies = { clients: createRegionClients },
): ActionDefinition<RolloutNodegroupsSettings> {
  return {
    name: 'rollout-nodegroups',
    parse: parseRolloutNodegroupsInputs,
    run: (settings, context) => run(settings, context, dependencies),
  };
}

export const rolloutNodegroups: ActionDefinition<RolloutNodegroupsSettings> = createRolloutNodegroupsAction();
