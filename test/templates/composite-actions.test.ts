import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, inputsOf, isCompositeAction, isJavaScriptAction, loadActions, outputsOf, requiredInputsOf, type ActionEntry } from './support/actions.js';
import { drydockReference, expressionsIn, referencesIn, stringsIn } from './support/expressions.js';

// The composite actions chain the JavaScript actions of the same drydock version. A `./` path in `uses:` resolves
// against the caller's repository and `uses:` takes no expressions, so the steps name
// drydock/drydock/actions/<name>@main, and scripts/release.sh rewrites the ref to the release tag in the commit it tags
// (test/templates/release-script.test.ts checks that). Here: every reference resolves to an action of this tree and
// gets only inputs it declares, with all it requires; every input the composite declares reaches a step; every step
// output it reads exists.

const actions = loadActions();
const byName = new Map(actions.map((action) => [action.name, action]));
const composites = actions.filter(isCompositeAction);
const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

test('there are composite actions', () => {
  expect(composites.map((action) => action.name).sort()).toEqual(['harden-and-rollout', 'secure-release']);
});

describe.each(composites.map((action) => [action.name, action] as const))('actions/%s', (_name, composite) => {
  const steps = composite.metadata.runs?.steps ?? [];
  const declared = Object.keys(inputsOf(composite));

  test('every step has an id and uses a JavaScript action of this tree at the development ref (or this version tag)', () => {
    for (const step of steps) {
      expect(step.id).toMatch(/^[a-z][a-z0-9-]*$/);
      const reference = drydockReference(step.uses);
      expect({ step: step.id, uses: step.uses, resolves: reference !== undefined && byName.has(reference.name) }).toEqual({ step: step.id, uses: step.uses, resolves: true });
      expect(['main', `v${version}`]).toContain(reference!.ref);
      expect(isJavaScriptAction(byName.get(reference!.name)!)).toBe(true);
    }
  });

  test('every step passes only inputs its action declares, and every input its action requires', () => {
    for (const step of steps) {
      const target = byName.get(drydockReference(step.uses)!.name)!;
      const given = Object.keys(step.with ?? {});
      expect({ step: step.id, unknown: given.filter((input) => !(input in inputsOf(target))) }).toEqual({ step: step.id, unknown: [] });
      expect({ step: step.id, missing: requiredInputsOf(target).filter((input) => !given.includes(input)) }).toEqual({ step: step.id, missing: [] });
    }
  });

  test('every input the composite declares is carried through to a step, and only declared inputs are read', () => {
    const stepTexts = steps.flatMap((step) => [...stringsIn(step.with ?? {}), ...(step.if ? [step.if] : [])]);
    const used = referencesIn(stepTexts.flatMap((text) => expressionsIn(text, true))).inputs;
    const inOutputs = referencesIn(Object.values(outputsOf(composite)).flatMap((output) => expressionsIn(String(output.value ?? '')))).inputs;
    expect({ notCarried: declared.filter((input) => !used.includes(input)) }).toEqual({ notCarried: [] });
    expect({ undeclared: [...new Set([...used, ...inOutputs])].filter((input) => !declared.includes(input)) }).toEqual({ undeclared: [] });
  });

  test('an input passed straight to a required input is required (or has a default) here too', () => {
    for (const step of steps) {
      const target = byName.get(drydockReference(step.uses)!.name)!;
      for (const [input, value] of Object.entries(step.with ?? {})) {
        const direct = /^\$\{\{\s*inputs\.([A-Za-z0-9_-]+)\s*\}\}$/.exec(String(value))?.[1];
        if (!direct || !requiredInputsOf(target).includes(input)) continue;
        const own = inputsOf(composite)[direct]!;
        expect({ step: step.id, input, requiredOrDefault: own.required === true || own.default !== undefined }).toEqual({ step: step.id, input, requiredOrDefault: true });
      }
    }
  });

  test("a default the composite declares for an input it passes on equals the step action's default", () => {
    for (const step of steps) {
      const target = byName.get(drydockReference(step.uses)!.name)!;
      for (const [input, value] of Object.entries(step.with ?? {})) {
        const direct = /^\$\{\{\s*inputs\.([A-Za-z0-9_-]+)\s*\}\}$/.exec(String(value))?.[1];
        const own = direct ? inputsOf(composite)[direct] : undefined;
        if (own?.default === undefined) continue;
        expect({ step: step.id, input, default: own.default }).toEqual({ step: step.id, input, default: inputsOf(target)[input]?.default ?? own.default });
      }
    }
  });

  test('every step output read (by a later step, an if, or an output) is declared by that step action', () => {
    const seen = new Map<string, ActionEntry>();
    const check = (texts: string[], where: string) => {
      for (const { step, output } of referencesIn(texts.flatMap((text) => expressionsIn(text, true))).stepOutputs) {
        const source = seen.get(step);
        expect({ where, step, output, declared: source !== undefined && output in outputsOf(source) }).toEqual({ where, step, output, declared: true });
      }
    };
    for (const step of steps) {
      check([...stringsIn(step.with ?? {}), ...(step.if ? [step.if] : [])], `step ${step.id}`);
      seen.set(step.id!, byName.get(drydockReference(step.uses)!.name)!);
    }
    for (const [name, output] of Object.entries(outputsOf(composite))) {
      expect(String(output.value ?? '')).toMatch(/\$\{\{.+\}\}/);
      check([String(output.value)], `output ${name}`);
    }
  });
});
