import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

/** The repository root, and the folder every action's metadata lives in. */
export const ROOT = path.resolve(import.meta.dirname, '../../..');
export const ACTIONS_DIR = path.join(ROOT, 'actions');

export interface ActionInput {
  readonly description?: unknown;
  readonly required?: unknown;
  readonly default?: unknown;
}

export interface ActionOutput {
  readonly description?: unknown;
  /** Composite actions only: the expression the output takes its value from. */
  readonly value?: unknown;
}

export interface CompositeStep {
  readonly id?: string;
  readonly name?: string;
  readonly if?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly shell?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, unknown>;
}

/** action.yml as GitHub reads it; fields are `unknown` where the tests check their type themselves. */
export interface ActionMetadata {
  readonly name?: unknown;
  readonly description?: unknown;
  readonly author?: unknown;
  readonly branding?: { readonly icon?: unknown; readonly color?: unknown };
  readonly inputs?: Record<string, ActionInput>;
  readonly outputs?: Record<string, ActionOutput>;
  readonly runs?: { readonly using?: unknown; readonly main?: unknown; readonly steps?: readonly CompositeStep[] };
}

export interface ActionEntry {
  /** The folder name under actions/, which is also the name in `uses: drydock/drydock/actions/<name>@ref`. */
  readonly name: string;
  readonly file: string;
  readonly metadata: ActionMetadata;
}

/** Every folder of actions/ that holds an action.yml, parsed. */
export function loadActions(): ActionEntry[] {
  return readdirSync(ACTIONS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(ACTIONS_DIR, entry.name, 'action.yml')))
    .map((entry) => {
      const file = path.join(ACTIONS_DIR, entry.name, 'action.yml');
      return { name: entry.name, file, metadata: parseYaml(readFileSync(file, 'utf8')) as ActionMetadata };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** JavaScript actions run a bundle (`runs.using: node24`); composite actions chain them. */
export const isJavaScriptAction = (action: ActionEntry): boolean => String(action.metadata.runs?.using ?? '').startsWith('node');
export const isCompositeAction = (action: ActionEntry): boolean => action.metadata.runs?.using === 'composite';

export const inputsOf = (action: ActionEntry): Record<string, ActionInput> => action.metadata.inputs ?? {};
export const outputsOf = (action: ActionEntry): Record<string, ActionOutput> => action.metadata.outputs ?? {};
export const requiredInputsOf = (action: ActionEntry): string[] =>
  Object.entries(inputsOf(action))
    .filter(([, input]) => input.required === true)
    .map(([name]) => name);
