import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { inputsOf, outputsOf, type ActionEntry, type ActionMetadata, type CompositeStep } from './actions.js';
import { evaluateCondition, interpolate, strictContext, type EvaluationScope, type JobStatus, type Value } from './evaluator.js';
import { drydockReference } from './expressions.js';

/** A composite action.yml read from any path (so a test can point at a modified copy). */
export function loadComposite(file: string): ActionEntry {
  const metadata = parseYaml(readFileSync(file, 'utf8')) as ActionMetadata;
  if (metadata.runs?.using !== 'composite') throw new Error(`${file} is not a composite action`);
  return { name: path.basename(path.dirname(file)), file, metadata };
}

/** What a simulated step reports: its outputs (strings, as the runner stores them) and whether it failed. */
export interface StepResult {
  readonly outputs: Readonly<Record<string, string>>;
  readonly outcome?: 'success' | 'failure';
}

/** A step as the simulation hands it to the test's fake: which action, and the inputs the runner would give it. */
export interface StepCall {
  readonly id: string;
  readonly action: string;
  /** `with:` as evaluated: what the composite passes. */
  readonly with: Readonly<Record<string, string>>;
  /** `with:` plus the action's own defaults for the inputs `with:` does not name (the runner adds those). */
  readonly inputs: Readonly<Record<string, string>>;
}

export interface CompositeRun {
  /** Step ids in order, each with what happened to it. */
  readonly steps: ReadonlyArray<{ readonly id: string; readonly conclusion: 'success' | 'failure' | 'skipped' }>;
  /** Inputs of the steps that ran, by step id. */
  readonly calls: Readonly<Record<string, StepCall>>;
  readonly failed: boolean;
  /** Evaluates the composite's `outputs.<name>.value` as the caller would read it. */
  output(name: string): string;
}

/**
 * Runs a composite action's steps as the runner does, with `fake` standing in for each step's action: inputs checked
 * against the composite's declarations (defaults applied), each `if:` evaluated (default success(), with the implicit
 * success() &&), each `with:` evaluated, and each fake's outputs checked against what the step's action declares.
 * Contexts are strict: an undeclared input, an unknown or later step, or an undeclared output throws.
 */
export function simulateComposite(
  composite: ActionEntry,
  actions: ReadonlyMap<string, ActionEntry>,
  given: Readonly<Record<string, string>>,
  fake: (call: StepCall) => StepResult,
): CompositeRun {
  const declared = inputsOf(composite);
  for (const name of Object.keys(given)) if (!(name in declared)) throw new Error(`${composite.name} has no input '${name}'`);
  const inputs: Record<string, string> = {};
  for (const [name, input] of Object.entries(declared)) {
    if (name in given) inputs[name] = given[name]!;
    else if (input.required === true) throw new Error(`${composite.name} requires input '${name}'`);
    else inputs[name] = input.default === undefined ? '' : String(input.default);
  }

  const stepsContext: Record<string, Value> = strictContext({}, 'steps');
  const status: { failed: boolean; cancelled: boolean } = { failed: false, cancelled: false };
  const scope = (): EvaluationScope => ({ contexts: { inputs: strictContext({ ...inputs }, 'inputs'), steps: stepsContext }, status: { ...status } satisfies JobStatus });
  const steps: Array<{ id: string; conclusion: 'success' | 'failure' | 'skipped' }> = [];
  const calls: Record<string, StepCall> = {};

  for (const step of (composite.metadata.runs?.steps ?? []) as readonly CompositeStep[]) {
    const id = step.id;
    const reference = drydockReference(step.uses);
    const action = reference ? actions.get(reference.name) : undefined;
    if (!id || !action) throw new Error(`step ${id ?? '(no id)'}: only steps with an id that use a drydock action are simulated (uses: ${step.uses})`);
    const declaredOutputs = Object.keys(outputsOf(action));

    let conclusion: 'success' | 'failure' | 'skipped';
    let outputs: Record<string, Value> = {};
    if (!evaluateCondition(step.if, scope())) conclusion = 'skipped';
    else {
      const passed: Record<string, string> = {};
      for (const [name, value] of Object.entries(step.with ?? {})) {
        if (!(name in inputsOf(action))) throw new Error(`step ${id}: ${action.name} has no input '${name}'`);
        passed[name] = typeof value === 'string' ? interpolate(value, scope()) : String(value);
      }
      const stepInputs: Record<string, string> = { ...passed };
      for (const [name, input] of Object.entries(inputsOf(action))) {
        if (!(name in stepInputs) && input.default !== undefined) stepInputs[name] = String(input.default);
      }
      const call: StepCall = { id, action: action.name, with: passed, inputs: stepInputs };
      calls[id] = call;
      const result = fake(call);
      for (const [name, value] of Object.entries(result.outputs)) {
        if (!declaredOutputs.includes(name)) throw new Error(`fake for step ${id} sets output '${name}', which ${action.name} does not declare`);
        if (typeof value !== 'string') throw new Error(`fake for step ${id} sets output '${name}' to a ${typeof value}: outputs are strings`);
      }
      outputs = { ...result.outputs };
      conclusion = result.outcome ?? 'success';
      if (conclusion === 'failure') status.failed = true;
    }
    stepsContext[id] = strictContext({ outputs: strictContext(outputs, `steps.${id}.outputs`, declaredOutputs), outcome: conclusion, conclusion }, `steps.${id}`);
    steps.push({ id, conclusion });
  }

  const compositeOutputs = composite.metadata.outputs ?? {};
  return {
    steps,
    calls,
    failed: status.failed,
    output: (name) => {
      const output = compositeOutputs[name];
      if (!output) throw new Error(`${composite.name} has no output '${name}'`);
      return interpolate(String(output.value ?? ''), { contexts: scope().contexts });
    },
  };
}
