import { runner } from './runner.js';
import type { SecretSet } from './secrets.js';

export type OutputWriter = (name: string, value: string) => void;

/** The GITHUB_OUTPUT file when the host gives one, the workflow command otherwise. */
export const runnerOutputWriter: OutputWriter = (name, value) => runner.setOutput(name, value);

/**
 * Step outputs. Every output goes through `set`, which refuses a value that contains a registered secret: outputs are
 * not masked in later jobs' logs, so a secret must never become one.
 */
export class Outputs {
  private readonly values = new Map<string, string>();

  constructor(
    private readonly secrets: SecretSet,
    private readonly writer: OutputWriter,
  ) {}

  set(name: string, value: string | readonly unknown[] | Record<string, unknown>): void {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    // A structured value is checked string by string: JSON escapes a secret holding '"' or '\\' past a text search.
    if (stringsIn(value).some((part) => this.secrets.appearsIn(part))) throw new Error(`refusing to set output '${name}': its value contains a secret`);
    this.values.set(name, text);
    this.writer(name, text);
  }

  get all(): ReadonlyMap<string, string> {
    return this.values;
  }
}

/** Every string in a value, keys included, as written: what a secret check must look at. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => [key, ...stringsIn(item)]);
  return [];
}
