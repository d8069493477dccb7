import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { cancellationSignal, executeAction, reportStopped, type ActionContext } from './core/action.js';
import { systemClock } from './core/clock.js';
import { ConfigurationError, suggestNames } from './core/errors.js';
import { InputReader, takeInputsFromEnv } from './core/inputs.js';
import { createPlainLogger, type Writable } from './core/logger.js';
import { Outputs, runnerOutputWriter, type OutputWriter } from './core/outputs.js';
import { workflowCommand } from './core/runner.js';
import { SecretSet } from './core/secrets.js';
import { Summary } from './core/summary.js';
import { VERSION } from './core/version.js';
import { ACTIONS, CLI_COMMAND_HELP, CLI_COMMANDS, type CommandMetadata } from './actions/registry.js';

export interface CliHost {
  out: Writable;
  err: Writable;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Where actions/<name>/action.yml live. */
  actionsDir: string;
}

/**
 * `--name value`, `--name=value`. A value may start with `--` (ansible-extra-args takes `--skip-tags ...`): the next
 * argument is taken as the value unless it names one of the action's `inputs` itself, which means the value was left
 * out. A repeated name joins with newlines, as a list input would in YAML; `repeats` counts them, since only list
 * inputs may repeat (see CliInputs).
 */
export class CliArguments extends Map<string, string> {
  /** How many times each name was given, for names given more than once. */
  readonly repeats = new Map<string, number>();
}

export function parseCliArguments(args: readonly string[], inputNames: ReadonlySet<string> = new Set()): CliArguments {
  const inputs = new CliArguments();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith('--') || arg === '--') throw new CliUsageError(`unexpected argument '${arg}'; inputs are written --<input> <value>`);
    const equals = arg.indexOf('=');
    let name: string;
    let value: string;
    if (equals > 0) {
      name = arg.slice(2, equals);
      value = arg.slice(equals + 1);
    } else {
      name = arg.slice(2);
      const next = args[i + 1];
      const nextName = next?.startsWith('--') ? next.slice(2).split('=')[0]! : undefined;
      if (next === undefined || next === '--' || (nextName !== undefined && (inputNames.has(nextName) || inputNames.size === 0))) {
        throw new CliUsageError(`input --${name} needs a value`);
      }
      value = next;
      i++;
    }
    const previous = inputs.get(name);
    if (previous !== undefined) inputs.repeats.set(name, (inputs.repeats.get(name) ?? 1) + 1);
    inputs.set(name, previous === undefined ? value : `${previous}\n${value}`);
  }
  return inputs;
}

/**
 * Flags that are not inputs of the action are refused before anything runs: a misspelled `--dryrun` would otherwise
 * be ignored and a real rollout start. Each is named with the inputs it was probably meant to be.
 */
export function checkFlagNames(action: string, flags: Iterable<string>, inputNames: ReadonlySet<string>): void {
  // An action.yml that cannot be read declares nothing; the action's own parser is then the only judge.
  if (inputNames.size === 0) return;
  const unknown = [...flags].filter((name) => !inputNames.has(name));
  if (unknown.length === 0) return;
  const guesses = (name: string) => {
    const names = suggestNames(name, inputNames).map((suggestion) => `--${suggestion}`);
    return names.length === 0 ? undefined : `did you mean ${names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`}?`;
  };
  const helpHint = `drydock ${action} --help lists its inputs`;
  if (unknown.length === 1) {
    const name = unknown[0]!;
    throw new CliUsageError(`unknown input --${name} for ${action}; ${guesses(name) ?? helpHint}`);
  }
  const listed = unknown.map((name) => {
    const guess = guesses(name);
    return guess ? `--${name} (${guess})` : `--${name}`;
  });
  throw new CliUsageError(`unknown inputs for ${action}: ${listed.join(', ')}; ${helpHint}`);
}

/**
 * The CLI's inputs: a flag given more than once is refused unless the action reads that input as a list. Whether it
 * does is known only to its parser (action.yml has no marker for lists, and the descriptions are prose), so the
 * check is made where the parser reads: `list()` and `lines()` split on newlines, which is what the repeats were
 * joined with; any other read of a repeated input (`optional`, `required`, `secret` and everything built on them)
 * would get several values glued into one. The parser reads every input before the run starts, so nothing runs.
 */
export class CliInputs extends InputReader {
  private readingList = 0;

  constructor(
    raw: ReadonlyMap<string, string>,
    private readonly repeats: ReadonlyMap<string, number>,
    baseDir: string,
    /** The inputs given as flags (the others came from INPUT_* variables). */
    private readonly flags: ReadonlySet<string> = new Set(raw.keys()),
  ) {
    super(raw, baseDir);
  }

  override optional(name: string): string | undefined {
    this.refuseRepeats(name);
    return super.optional(name);
  }

  protected override withValues(raw: ReadonlyMap<string, string>): InputReader {
    return new CliInputs(raw, new Map([...this.repeats].filter(([name]) => raw.has(name))), this.baseDir, this.flags);
  }

  /**
   * A secret given as a flag is refused: any process on the machine can read another's argv. It is masked first (by
   * InputReader.secret), and the message does not quote it. The path of a file holding it is no secret, and passes.
   */
  override secret(name: string): string | undefined {
    this.refuseRepeats(name);
    const value = super.secret(name);
    if (value !== undefined && this.flags.has(name) && !existsSync(path.resolve(this.baseDir, value))) {
      throw new ConfigurationError(
        `Input '${name}' was given on the command line, where other processes on this machine can read it. Set the INPUT_${name.toUpperCase().replaceAll('-', '_')} environment variable instead, or give the path of a file holding it.`,
      );
    }
    return value;
  }

  override list(name: string): string[] {
    return this.asList(() => super.list(name));
  }

  override lines(name: string): string[] {
    return this.asList(() => super.lines(name));
  }

  private asList<T>(read: () => T): T {
    this.readingList++;
    try {
      return read();
    } finally {
      this.readingList--;
    }
  }

  private refuseRepeats(name: string): void {
    const count = this.repeats.get(name);
    if (count !== undefined && this.readingList === 0) {
      throw new ConfigurationError(`input --${name} is given ${count} times, but it takes one value; give it once`);
    }
  }
}

export class CliUsageError extends Error {}

/** Debug output from the CLI: a runner's step debug logging (RUNNER_DEBUG=1), or DRYDOCK_DEBUG=1 anywhere. */
export function cliDebug(env: NodeJS.ProcessEnv): boolean {
  return env['RUNNER_DEBUG'] === '1' || env['DRYDOCK_DEBUG'] === '1';
}

function readMetadata(actionsDir: string, action: string): CommandMetadata {
  const builtIn = CLI_COMMAND_HELP[action];
  if (builtIn) return builtIn;
  const file = path.join(actionsDir, action, 'action.yml');
  return existsSync(file) ? (parseYaml(readFileSync(file, 'utf8')) as CommandMetadata) : {};
}

function help(host: CliHost): string {
  const lines = [
    `drydock ${VERSION}: run a drydock action outside a workflow`,
    '',
    'Usage: drydock <action> --<input> <value> ...   (or --<input>=<value>)',
    'Inputs may also be set as INPUT_<NAME> environment variables (INPUT_KEY, INPUT_AZURE_CREDENTIALS for',
    'azure-credentials): use that for secrets, which other processes could read on the command line.',
    '',
    'Actions:',
  ];
  for (const name of Object.keys(ACTIONS)) lines.push(`  ${name.padEnd(22)} ${readMetadata(host.actionsDir, name).description ?? ''}`.trimEnd());
  lines.push('', 'Commands:');
  for (const name of Object.keys(CLI_COMMANDS)) lines.push(`  ${name.padEnd(22)} ${readMetadata(host.actionsDir, name).description ?? ''}`.trimEnd());
  lines.push('', 'drydock <action> --help lists the inputs and outputs of an action or command.');
  return lines.join('\n') + '\n';
}

function actionHelp(host: CliHost, action: string): string {
  const metadata = readMetadata(host.actionsDir, action);
  const lines = [`drydock ${action}: ${metadata.description ?? ''}`.trimEnd(), '', 'Inputs:'];
  for (const [name, input] of Object.entries(metadata.inputs ?? {})) {
    const flags = [input.required ? 'required' : undefined, input.default !== undefined && input.default !== '' ? `default: ${input.default}` : undefined]
      .filter(Boolean)
      .join(', ');
    lines.push(`  --${name}${flags ? ` (${flags})` : ''}`, `      ${(input.description ?? '').trim().replace(/\n/g, '\n      ')}`);
  }
  lines.push('', 'Outputs (printed as name=value lines):');
  for (const [name, output] of Object.entries(metadata.outputs ?? {})) lines.push(`  ${name}: ${(output.description ?? '').trim()}`);
  return lines.join('\n') + '\n';
}

/** Runs the CLI; returns the exit code. */
export async function runCli(args: readonly string[], host: CliHost): Promise<number> {
  const [action, ...rest] = args;
  if (action === undefined || action === '--help' || action === '-h' || action === 'help') {
    host.out.write(help(host));
    return action === undefined ? 1 : 0;
  }
  if (action === '--version') {
    host.out.write(`${VERSION}\n`);
    return 0;
  }
  const load = ACTIONS[action] ?? CLI_COMMANDS[action];
  if (!load) {
    host.err.write(`error: unknown action '${action}'. Run drydock --help for the list.\n`);
    return 1;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    host.out.write(actionHelp(host, action));
    return 0;
  }
  const inputNames = new Set(Object.keys(readMetadata(host.actionsDir, action).inputs ?? {}));
  let raw: CliArguments;
  try {
    raw = parseCliArguments(rest, inputNames);
    checkFlagNames(action, raw.keys(), inputNames);
  } catch (error) {
    host.err.write(`error: ${(error as Error).message}\n`);
    return 1;
  }
  // Inputs not on the command line come from INPUT_<NAME> variables, as in the action runtime: the way to hand over a
  // secret (azure-credentials, key) without putting it in argv, where other processes can read it. Shells cannot name
  // a variable with '-', so INPUT_AZURE_CREDENTIALS stands for azure-credentials too. Once read, they leave the
  // environment that an exec credential plugin would inherit.
  const flags = new Set(raw.keys());
  for (const [envName, value] of takeInputsFromEnv(host.env)) {
    const name = inputNames.has(envName) ? envName : envName.replaceAll('_', '-');
    if (!raw.has(name)) raw.set(name, value);
  }
  // In a GitHub Actions step (GITHUB_ACTIONS=true), the runner reads workflow commands on stdout: secrets are announced
  // with ::add-mask:: as the actions do, so later steps and the runner's own log lines mask them too. Anywhere else such
  // a line would print the secret itself, so the CLI only redacts its own output.
  const secrets = new SecretSet(host.env['GITHUB_ACTIONS'] === 'true' ? (value) => host.out.write(workflowCommand('add-mask', value)) : undefined);
  const debug = cliDebug(host.env);
  const logger = createPlainLogger({ out: host.out, err: host.err, secrets, debug });
  // Inside a workflow step (the CodeCatalyst route for runners that cannot start node24 actions) outputs also go to
  // GITHUB_OUTPUT; everywhere they are printed as name=value lines for scripts to read.
  const writeOutput: OutputWriter = (name, value) => {
    host.out.write(`${name}=${value}\n`);
    if (host.env['GITHUB_OUTPUT']) runnerOutputWriter(name, value);
  };
  const context: ActionContext = {
    logger,
    summary: new Summary(),
    outputs: new Outputs(secrets, writeOutput),
    secrets,
    clock: systemClock,
    env: host.env,
    signal: cancellationSignal(process, (name) => reportStopped(context, name)),
  };
  return executeAction(await load(), new CliInputs(raw, raw.repeats, host.cwd, flags), context);
}
