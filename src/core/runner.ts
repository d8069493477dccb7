import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';
import { nodeCrypto } from './node-crypto.js';

/**
 * The GitHub Actions runner protocol every step uses: workflow commands on stdout (`::add-mask::`, `::debug::`,
 * `::warning::`, `::error::`, `::group::`) and step outputs through the GITHUB_OUTPUT file (or `::set-output` on hosts
 * without the file: the runtime of CodeCatalyst's own actions emits it). It is small and documented, so drydock writes
 * it here instead of loading @actions/core at start: @actions/core loads its HTTP client (undici) eagerly, which was
 * over half of every bundle and about 40 ms of every cold start. @actions/core is still what fetches the job's OIDC
 * token, loaded only by the one path that needs one.
 */
export interface RunnerHost {
  readonly env: NodeJS.ProcessEnv;
  /** Standard output: where the runner reads workflow commands. */
  write(text: string): void;
  appendFile(path: string, text: string): void;
}

export const processRunnerHost: RunnerHost = {
  env: process.env,
  write: (text) => void process.stdout.write(text),
  appendFile: (path, text) => appendFileSync(path, text, 'utf8'),
};

/** A command's message: `%`, CR and LF escaped, so a value can never end the command line early. */
export function escapeCommandData(value: string): string {
  return value.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** A command property: as data, plus `:` and `,`, which separate properties. */
export function escapeCommandProperty(value: string): string {
  return escapeCommandData(value).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

export function workflowCommand(name: string, message: string, properties: Readonly<Record<string, string>> = {}): string {
  const props = Object.entries(properties)
    .map(([key, value]) => `${key}=${escapeCommandProperty(value)}`)
    .join(',');
  return `::${name}${props ? ` ${props}` : ''}::${escapeCommandData(message)}${EOL}`;
}

/**
 * Text that came from a registry or a cluster must never set an output or a mask. The runner reads a line as a command
 * when it starts with `::` after whitespace (.NET's TrimStart, which also skips U+0085), or, in the legacy form, when
 * `##[` appears anywhere in it. Both get an invisible U+200B that breaks the match and changes nothing a reader sees.
 */
export function defuseCommands(text: string): string {
  return text.replace(/^([\s\u0085]*)::/gm, '$1\u200b::').replaceAll('##[', '##\u200b[');
}

export class Runner {
  constructor(private readonly host: RunnerHost = processRunnerHost) {}

  /** Step debug logging (the `ACTIONS_STEP_DEBUG` secret, or "re-run with debug logging") sets RUNNER_DEBUG=1. */
  get isDebug(): boolean {
    return this.host.env['RUNNER_DEBUG'] === '1';
  }

  mask(value: string): void {
    this.host.write(workflowCommand('add-mask', value));
  }
  /** Log text, with anything in it that the runner would read as a command defused (see defuseCommands). */
  info(message: string): void {
    this.host.write(defuseCommands(message) + EOL);
  }
  debug(message: string): void {
    this.host.write(workflowCommand('debug', message));
  }
  warning(message: string): void {
    this.host.write(workflowCommand('warning', message));
  }
  error(message: string): void {
    this.host.write(workflowCommand('error', message));
  }

  async group<T>(title: string, body: () => Promise<T>): Promise<T> {
    this.host.write(workflowCommand('group', title));
    try {
      return await body();
    } finally {
      this.host.write(workflowCommand('endgroup', ''));
    }
  }

  /**
   * Appends `name<<delimiter` / value / `delimiter` to GITHUB_OUTPUT, with a random delimiter the value cannot end
   * early. Without the file, the older `::set-output` command, which hosts without the file (such as the runtime of
   * CodeCatalyst's own actions) read.
   */
  setOutput(name: string, value: string): void {
    const file = this.host.env['GITHUB_OUTPUT'];
    if (!file) {
      this.host.write(EOL + workflowCommand('set-output', value, { name }));
      return;
    }
    const delimiter = `ghadelimiter_${nodeCrypto().randomUUID()}`;
    if (name.includes(delimiter) || value.includes(delimiter)) {
      throw new Error(`output '${name}' contains the GITHUB_OUTPUT delimiter; refusing to write it`);
    }
    this.host.appendFile(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`);
  }
}

export const runner = new Runner();
