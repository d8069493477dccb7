import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { cancellationSignal, executeAction, type ActionContext } from './core/action.js';
import { systemClock } from './core/clock.js';
import { InputReader, inputsFromEnv } from './core/inputs.js';
import { createPlainLogger, type Writable } from './core/logger.js';
import { Outputs, runnerOutputWriter, type OutputWriter } from './core/outputs.js';
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
 * `--name value`, `--name=value`; a repeated name joins with newlines, as a list input would in YAML. A value may start
 * with `--` (ansible-extra-args takes `--skip-tags ...`): the next argument is taken as the value unless it names one
 * of the action's `inputs` itself, which means the value was left out.
 */
export function parseCliArguments(args: readonly string[], inputNames: ReadonlySet<string> = new Set()): Map<string, string> {
  const inputs = new Map<string, string>();
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
    inputs.set(name, previous === undefined ? value : `${previous}\n${value}`);
  }
  return inputs;
}

export class CliUsageError extends Error {}

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
  let raw: Map<string, string>;
  try {
    raw = parseCliArguments(rest, inputNames);
  } catch (error) {
    host.err.write(`error: ${(error as Error).message}\n`);
    return 1;
  }
  // Inputs not on the command line come from INPUT_<NAME> variables, as in the action runtime: the way to hand over a
  // secret (azure-credentials, key) without putting it in argv, where other processes can read it. Shells cannot name
  // a variable with '-', so INPUT_AZURE_CREDENTIALS stands for azure-credentials too.
  for (const [envName, value] of inputsFromEnv(host.env)) {
    const name = inputNames.has(envName) ? envName : envName.replaceAll('_', '-');
    if (!raw.has(name)) raw.set(name, value);
  }
  const secrets = new SecretSet();
  const debug = host.env['RUNNER_DEBUG'] === '1' || host.env['DRYDOCK_DEBUG'] === '1';
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
    signal: cancellationSignal(),
  };
  return executeAction(await load(), new InputReader(raw, host.cwd), context);
}
