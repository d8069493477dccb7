import type { ActionEntry } from './actions.js';
import { inputsOf, outputsOf, requiredInputsOf } from './actions.js';
import { drydockReference, expressionsIn, referencesIn, stringsIn } from './expressions.js';

/** A step of a GitHub workflow job, or of a CodeCatalyst GitHub Actions action. */
export interface WorkflowStep {
  readonly id?: string;
  readonly name?: string;
  readonly if?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, unknown>;
}

/**
 * The problems of a list of steps that use drydock actions: references that do not resolve, inputs an action does not
 * declare, required inputs not given, step outputs read that the step does not declare (or a `run` step never writes).
 * `expectedRef` is the ref every drydock reference must carry (templates follow the major version tag).
 */
export function stepProblems(steps: readonly WorkflowStep[], actions: ReadonlyMap<string, ActionEntry>, expectedRef: string): string[] {
  const problems: string[] = [];
  const earlier = new Map<string, WorkflowStep>();
  steps.forEach((step, index) => {
    const label = step.id ?? step.name ?? `#${index + 1}`;
    const texts = [...stringsIn(step.with ?? {}), ...stringsIn(step.env ?? {}), ...(step.run ? [step.run] : []), ...(step.if ? [step.if] : [])];
    for (const { step: source, output } of referencesIn(texts.flatMap((text) => expressionsIn(text))).stepOutputs) {
      const from = earlier.get(source);
      if (!from) {
        problems.push(`step ${label} reads steps.${source}.outputs.${output}, but no earlier step has id ${source}`);
        continue;
      }
      const reference = drydockReference(from.uses);
      if (reference) {
        const action = actions.get(reference.name);
        if (action && !(output in outputsOf(action))) problems.push(`step ${label} reads output ${output}, which ${reference.name} does not declare`);
      } else if (from.run !== undefined && !from.run.includes(`${output}=`)) {
        problems.push(`step ${label} reads output ${output} of run step ${source}, which never writes it`);
      }
    }
    const reference = drydockReference(step.uses);
    if (step.uses?.includes('drydock/drydock') && !reference) problems.push(`step ${label}: '${step.uses}' is not drydock/drydock/actions/<name>@<ref>`);
    if (reference) {
      const action = actions.get(reference.name);
      if (!action) problems.push(`step ${label} uses drydock action '${reference.name}', which does not exist`);
      else {
        if (reference.ref !== expectedRef) problems.push(`step ${label} uses ${reference.name}@${reference.ref}, not @${expectedRef}`);
        const given = Object.keys(step.with ?? {});
        for (const input of given) if (!(input in inputsOf(action))) problems.push(`step ${label}: ${reference.name} has no input '${input}'`);
        for (const input of requiredInputsOf(action)) if (!given.includes(input)) problems.push(`step ${label}: ${reference.name} requires '${input}'`);
      }
    }
    if (step.id) earlier.set(step.id, step);
  });
  return problems;
}
