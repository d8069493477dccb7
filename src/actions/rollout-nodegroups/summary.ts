import type { Summary } from '../../core/summary.js';
import { formatElapsed } from '../../core/format.js';
import type { RolloutEntry, RolloutReport } from '../../nodegroups/report.js';
import type { RolloutNodegroupsSettings } from './inputs.js';

/** An entry as the `updated`/`skipped`/`failed` outputs carry it: everything but the dry-run diff text. */
export function outputEntry(entry: RolloutEntry): Omit<RolloutEntry, 'userDataDiff'> {
  const { userDataDiff: _diff, ...rest } = entry;
  return rest;
}

function detail(entry: RolloutEntry): string {
  const elapsed = entry.elapsedSeconds !== undefined ? `${formatElapsed(entry.elapsedSeconds * 1000)}` : '';
  return [entry.reason, elapsed].filter(Boolean).join('; ');
}

/** The job summary: one table of every node group (failed first), then, in a dry run, each user data change as a diff. */
export function writeRolloutSummary(summary: Summary, report: RolloutReport, settings: RolloutNodegroupsSettings): void {
  const total = report.updated.length + report.skipped.length + report.failed.length;
  const amis = [...settings.amis].map(([region, ami]) => `${ami} in ${region}`).join(', ');
  summary.heading(settings.dryRun ? 'EKS node group rollout (dry run: nothing changed)' : 'EKS node group rollout');
  summary.text(
    settings.dryRun
      ? `${report.updated.length} of ${total} node group(s) would be updated to ${amis}; ${report.skipped.length} skipped.`
      : `${report.updated.length} of ${total} node group(s) updated to ${amis}; ${report.failed.length} failed, ${report.skipped.length} skipped.`,
  );
  const rows = [...report.failed, ...report.updated, ...report.skipped].map((entry) => [
    entry.result,
    entry.region,
    entry.cluster,
    entry.nodegroup,
    entry.fromAmi ?? '',
    entry.toAmi,
    entry.launchTemplateId ? `${entry.launchTemplateId}${entry.launchTemplateVersion ? ` v${entry.launchTemplateVersion}` : ''}` : '',
    entry.updateId ?? '',
    detail(entry),
  ]);
  if (rows.length > 0) {
    summary.table(['Result', 'Region', 'Cluster', 'Node group', 'From AMI', 'To AMI', 'Launch template', 'Update', 'Detail'], rows);
  }
  const diffs = report.updated.filter((entry) => entry.userDataDiff);
  if (diffs.length > 0) {
    summary.heading('User data changes');
    for (const entry of diffs) summary.text(`${entry.region}/${entry.cluster}/${entry.nodegroup}:\n\n\`\`\`diff\n${entry.userDataDiff!.trimEnd()}\n\`\`\``);
  }
}
