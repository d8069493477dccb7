import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { ActionDefinition } from '../../src/core/action.js';
import * as registry from '../../src/actions/registry.js';
import { ACTIONS } from '../../src/actions/registry.js';
import { AskedInputs } from '../support/asked-inputs.js';
import { testContext } from '../support/context.js';
import { ROOT, inputsOf, isCompositeAction, isJavaScriptAction, loadActions, outputsOf, type ActionEntry } from '../templates/support/actions.js';

// Lint for every actions/<name>/action.yml, whichever engineer wrote it, plus the agreement between action.yml and the
// parser behind it. The parser is the truth about inputs (it runs in the workflow, the CLI and the composites), so the
// metadata is checked against it, never the other way round.

const actions = loadActions();
const jsActions = actions.filter(isJavaScriptAction);
const fixtures = path.join(ROOT, 'test/fixtures/actions');
const minimalInputs = parseYaml(readFileSync(path.join(fixtures, 'minimal-inputs.yaml'), 'utf8')) as Record<string, Record<string, string>>;
const ENV = { AWS_REGION: 'us-east-1' };

/** The colours GitHub accepts in `branding.color`. */
const BRANDING_COLORS = ['white', 'black', 'yellow', 'blue', 'green', 'orange', 'red', 'purple', 'gray-dark'];

const nonEmptyText = (value: unknown): boolean => typeof value === 'string' && value.trim().length > 0;

/** The ActionDefinition a main.ts exports, found by its name (the registry is checked separately below). */
async function definitionOf(name: string): Promise<ActionDefinition<unknown>> {
  const module = (await import(pathToFileURL(path.join(ROOT, 'src/actions', name, 'main.ts')).href)) as Record<string, unknown>;
  const found = Object.values(module).find(
    (value): value is ActionDefinition<unknown> =>
      typeof value === 'object' && value !== null && (value as ActionDefinition<unknown>).name === name && typeof (value as ActionDefinition<unknown>).parse === 'function',
  );
  if (!found) throw new Error(`src/actions/${name}/main.ts exports no ActionDefinition named '${name}'`);
  return found;
}

function parseWith(definition: ActionDefinition<unknown>, values: Record<string, string>): { settings: unknown; reader: AskedInputs } {
  const reader = new AskedInputs(new Map(Object.entries(values)), fixtures);
  // Every parse gets a fresh context with the same fake clock start, so time-derived settings (run labels) agree.
  return { settings: definition.parse(reader, testContext({ ...ENV }).context), reader };
}

const declaredDefaults = (action: ActionEntry): Array<[string, string]> =>
  Object.entries(inputsOf(action))
    .filter(([, input]) => input.default !== undefined)
    .map(([name, input]) => [name, String(input.default)]);

describe.each(actions.map((action) => [action.name, action] as const))('actions/%s/action.yml', (_name, action) => {
  const { metadata } = action;

  test('has a name, a description and branding (icon and colour)', () => {
    expect(nonEmptyText(metadata.name)).toBe(true);
    expect(nonEmptyText(metadata.description)).toBe(true);
    // GitHub accepts a fixed set of Feather icon names; their spelling is lower-case words joined by '-'.
    expect(String(metadata.branding?.icon ?? '')).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(BRANDING_COLORS).toContain(metadata.branding?.color);
  });

  test('describes every input and output', () => {
    const undescribed = [
      ...Object.entries(inputsOf(action)).filter(([, input]) => !nonEmptyText(input?.description)).map(([name]) => `input ${name}`),
      ...Object.entries(outputsOf(action)).filter(([, output]) => !nonEmptyText(output?.description)).map(([name]) => `output ${name}`),
    ];
    expect(undescribed).toEqual([]);
  });

  test('input names are lower-case kebab-case, required inputs have no default, defaults are strings', () => {
    for (const [name, input] of Object.entries(inputsOf(action))) {
      expect(name).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      if (input.required === true) expect({ name, default: input.default }).toEqual({ name, default: undefined });
      // YAML `default: true` reaches the action as the string "true" anyway; quoting says so.
      if (input.default !== undefined) expect({ name, type: typeof input.default }).toEqual({ name, type: 'string' });
    }
  });

  test('runs a bundle with node24, or is a composite action', () => {
    if (isCompositeAction(action)) {
      expect(Array.isArray(metadata.runs?.steps) && metadata.runs!.steps!.length > 0).toBe(true);
      return;
    }
    expect(metadata.runs).toEqual({ using: 'node24', main: `../../dist/${action.name}/index.js` });
  });
});

describe('registry', () => {
  test('every JavaScript action under actions/ is in src/actions/registry.ts ACTIONS, and every entry has an action', () => {
    const registered = Object.keys(ACTIONS);
    const folders = jsActions.map((action) => action.name);
    expect({
      missingFromRegistry: folders.filter((name) => !registered.includes(name)),
      registeredWithoutAction: registered.filter((name) => !folders.includes(name)),
    }).toEqual({ missingFromRegistry: [], registeredWithoutAction: [] });
  });

  test.each(jsActions.map((action) => [action.name]))('%s: src/actions/<name>/index.ts is the runner entry the bundle is built from', (name) => {
    const entry = path.join(ROOT, 'src/actions', name, 'index.ts');
    expect(existsSync(entry)).toBe(true);
    expect(readFileSync(entry, 'utf8')).toMatch(/import \{ runInRunner \} from '\.\.\/\.\.\/core\/action\.js';[\s\S]*await runInRunner\(\w+\);/);
  });

  test.each(Object.keys(ACTIONS).map((name) => [name]))('ACTIONS[%p] loads the definition of that name', async (name) => {
    expect((await ACTIONS[name]!()).name).toBe(name);
  });

  // Commands the CLI runs that are not workflow actions (admission-policy) live in a map of their own, once the
  // registry has one: no actions/ folder, no bundle, and the definition of that name.
  const cliCommands = (registry as Record<string, unknown>)['CLI_COMMANDS'] as Record<string, () => Promise<ActionDefinition<unknown>>> | undefined;
  if (cliCommands && Object.keys(cliCommands).length > 0) {
    test.each(Object.keys(cliCommands).map((name) => [name]))('CLI_COMMANDS[%p] is a CLI-only command of that name', async (name) => {
      expect(existsSync(path.join(ROOT, 'actions', name))).toBe(false);
      expect(existsSync(path.join(ROOT, 'src/actions', name, 'index.ts'))).toBe(false);
      expect((await cliCommands[name]!()).name).toBe(name);
    });
  }
});

// The defaults check. For each JavaScript action, the fixture minimal-inputs.yaml gives the fewest inputs its parser
// accepts. Parsing those alone yields the parser's own defaults for everything else; parsing them together with one
// input set to the default action.yml declares must yield the same settings object. A runner always passes declared
// defaults as if the user had written them, while the CLI and tests pass nothing: a difference here means the action
// behaves differently in a workflow than everywhere else (or that an "is it set?" input got a default by mistake).
// One input at a time, so a failure names the input; then all together, as the runner passes them.
describe.each(jsActions.map((action) => [action.name, action] as const))('%s: declared defaults equal the parser defaults', (name, action) => {
  const minimal = minimalInputs[name];

  test('has minimal inputs in test/fixtures/actions/minimal-inputs.yaml', () => {
    expect(minimal).toBeDefined();
  });

  const defaults = declaredDefaults(action);
  test.each(defaults.length ? defaults : [['(none declared)', '']])('input %s: default %p', async (input, value) => {
    if (input === '(none declared)' || !minimal) return;
    const definition = await definitionOf(name);
    const parserDefault = parseWith(definition, minimal).settings;
    expect(parseWith(definition, { ...minimal, [input]: value }).settings).toEqual(parserDefault);
  });

  test('all declared defaults together parse like no defaults at all', async () => {
    if (!minimal) return;
    const definition = await definitionOf(name);
    const withDefaults = { ...Object.fromEntries(defaults), ...minimal };
    expect(parseWith(definition, withDefaults).settings).toEqual(parseWith(definition, minimal).settings);
  });

  test('the parser reads exactly the inputs action.yml declares', async () => {
    if (!minimal) return;
    const { reader } = parseWith(await definitionOf(name), { ...Object.fromEntries(defaults), ...minimal });
    const declared = Object.keys(inputsOf(action)).sort();
    expect({ undeclared: [...reader.asked].filter((input) => !declared.includes(input)).sort(), unread: declared.filter((input) => !reader.asked.has(input)) }).toEqual({
      undeclared: [],
      unread: [],
    });
  });
});
