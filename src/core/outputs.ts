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
    if (this.secrets.appearsIn(text)) throw new Error(`refusing to set output '${name}': its value contains a secret`);
    this.values.set(name, text);
    this.writer(name, text);
  }

  get all(): ReadonlyMap<string, string> {
    return this.values;
  }
}
