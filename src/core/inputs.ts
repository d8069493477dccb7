import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ConfigurationError, errorMessage, invalidInput } from './errors.js';

/**
 * Reads a file an input names. One that exists but cannot be read (no permission, say) is the user's to fix, so it is
 * a ConfigurationError naming the input. `shown` is the value to print, undefined for an input that may be a secret.
 */
export function readInputFile(input: string, file: string, shown: string | undefined): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? errorMessage(error);
    throw invalidInput(input, shown, `names a file that cannot be read (${reason})`, "Make the file readable by the runner's user, or give the content inline");
  }
}

/** `INPUT_<NAME>` as the runner sets it: upper case, spaces to underscores, hyphens kept. */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/** Inputs as the runner passes them: every `INPUT_*` variable, keyed by the lower-case input name. */
export function inputsFromEnv(env: NodeJS.ProcessEnv): Map<string, string> {
  const raw = new Map<string, string>();
  for (const [key, value] of Object.entries(env)) {
    if (key.startsWith('INPUT_') && value !== undefined) raw.set(key.slice('INPUT_'.length).toLowerCase(), value);
  }
  return raw;
}

/**
 * inputsFromEnv, then the `INPUT_*` variables are removed from `env`: once read, the inputs (an Azure client secret,
 * a private key, a kubeconfig) have no business in the environment that child processes inherit, such as the exec
 * credential plugin a kubeconfig names (aws eks get-token, kubelogin).
 */
export function takeInputsFromEnv(env: NodeJS.ProcessEnv): Map<string, string> {
  const inputs = inputsFromEnv(env);
  for (const key of Object.keys(env)) if (key.startsWith('INPUT_')) delete env[key];
  return inputs;
}

const TRUE = ['true', 'True', 'TRUE'];
const FALSE = ['false', 'False', 'FALSE'];

export function parseBoolean(input: string, value: string): boolean {
  if (TRUE.includes(value)) return true;
  if (FALSE.includes(value)) return false;
  throw invalidInput(input, value, 'is not a boolean', 'Use true or false.');
}

/** Newline- or comma-separated; blank entries and surrounding spaces dropped. */
export function parseList(value: string): string[] {
  return value
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/** Newline-separated only; blank lines and surrounding spaces dropped. */
export function parseLines(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

const DURATION_UNITS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000 };

/** `90s`, `10m`, `2h`, or combinations such as `1h30m`; returns milliseconds. */
export function parseDuration(input: string, value: string): number {
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(value);
  if (!match || value === '') {
    throw invalidInput(input, value, 'is not a duration', 'Write a number with a unit, such as 90s, 10m or 2h.');
  }
  const [, hours, minutes, seconds] = match;
  return (
    Number(hours ?? 0) * DURATION_UNITS['h']! + Number(minutes ?? 0) * DURATION_UNITS['m']! + Number(seconds ?? 0) * 1000
  );
}

export function parseInteger(input: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw invalidInput(input, value, `is not a whole number from ${min} to ${max}`, `Set it to a number in that range.`);
  }
  return Number(value);
}

const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;

/** Whether `value` has the form of an AWS region code (us-east-1, us-gov-west-1, ap-southeast-5). */
export function isAwsRegion(value: string): boolean {
  return REGION.test(value);
}

export function parseRegion(input: string, value: string): string {
  if (!isAwsRegion(value)) {
    throw invalidInput(input, value, 'is not an AWS region name', 'Use a region code such as us-east-1 or eu-west-2.');
  }
  return value;
}

export interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

const ARN = /^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-[a-z]):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|):(.+)$/;

/** Parses an ARN of `service` whose resource part matches `resource`; `example` shows the user the expected shape. */
export function parseArn(input: string, value: string, service: string, resource: RegExp, example: string): Arn {
  const match = ARN.exec(value);
  const fix = `Use the ARN form ${example}.`;
  if (!match) throw invalidInput(input, value, 'is not an ARN', fix);
  const [, partition, arnService, region, account, rest] = match as unknown as [string, string, string, string, string, string];
  if (arnService !== service) throw invalidInput(input, value, `is an ARN of ${arnService}, not of ${service}`, fix);
  if (!resource.test(rest)) throw invalidInput(input, value, `does not name the expected ${service} resource`, fix);
  return { partition, service: arnService, region, account, resource: rest };
}

/**
 * Reads an action's inputs once. Each accessor trims the value, treats an empty value as unset (the runner passes unset
 * optional inputs as empty strings), validates it, and records the name, so that inputs the action never asked for can
 * be reported as unknown (usually a typo in the workflow).
 */
export class InputReader {
  private readonly requested = new Set<string>();

  constructor(
    private readonly raw: ReadonlyMap<string, string>,
    /** Relative paths in inputs resolve against this folder (the workspace). */
    readonly baseDir: string = process.cwd(),
  ) {}

  /** Whether the input is set (not empty), its value unread: for rules about which inputs go together. */
  isSet(name: string): boolean {
    this.requested.add(name);
    return (this.raw.get(name)?.trim() ?? '') !== '';
  }

  /**
   * The inputs `names` (and `extra` values) as a reader of their own, for a group of inputs another action's parser
   * reads with its own rules: values as given, and whatever this reader checks on every read (see CliInputs).
   */
  subset(names: readonly string[], extra: ReadonlyMap<string, string> = new Map()): InputReader {
    const raw = new Map<string, string>();
    for (const name of names) {
      this.requested.add(name);
      const value = this.raw.get(name);
      if (value !== undefined) raw.set(name, value);
    }
    for (const [name, value] of extra) raw.set(name, value);
    return this.withValues(raw);
  }

  /** A reader like this one over other values; subclasses that check reads keep their checks. */
  protected withValues(raw: ReadonlyMap<string, string>): InputReader {
    return new InputReader(raw, this.baseDir);
  }

  /** The trimmed value, or undefined when unset or empty. */
  optional(name: string): string | undefined {
    this.requested.add(name);
    const value = this.raw.get(name)?.trim();
    return value === '' ? undefined : value;
  }

  required(name: string, fix = `Set '${name}' in the step's 'with:' block.`): string {
    const value = this.optional(name);
    if (value === undefined) throw new ConfigurationError(`Input '${name}' is required. ${fix}`);
    return value;
  }

  string(name: string, fallback: string): string {
    return this.optional(name) ?? fallback;
  }

  /** A secret input: never trimmed into an error message, never echoed. Register it with the run's SecretSet. */
  secret(name: string): string | undefined {
    this.requested.add(name);
    const value = this.raw.get(name);
    return value === undefined || value.trim() === '' ? undefined : value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.optional(name);
    return value === undefined ? fallback : parseBoolean(name, value);
  }

  list(name: string): string[] {
    const value = this.optional(name);
    return value === undefined ? [] : parseList(value);
  }

  /** One entry per line, for lists whose entries may contain commas (DNs, key=value pairs); blank lines dropped. */
  lines(name: string): string[] {
    const value = this.optional(name);
    return value === undefined ? [] : parseLines(value);
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T;
  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined;
  oneOf<T extends string>(name: string, allowed: readonly T[], fallback?: T): T | undefined {
    const value = this.optional(name);
    if (value === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(value)) {
      throw invalidInput(name, value, 'is not one of the allowed values', `Use one of: ${allowed.join(', ')}.`);
    }
    return value as T;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const value = this.optional(name);
    return value === undefined ? fallback : parseInteger(name, value, min, max);
  }

  duration(name: string, fallback: string): number {
    return parseDuration(name, this.optional(name) ?? fallback);
  }

  region(name: string): string | undefined {
    const value = this.optional(name);
    return value === undefined ? undefined : parseRegion(name, value);
  }

  arn(name: string, service: string, resource: RegExp, example: string): Arn | undefined {
    const value = this.optional(name);
    return value === undefined ? undefined : parseArn(name, value, service, resource, example);
  }

  /** A path that must exist, resolved against the workspace. */
  existingPath(name: string, kind: 'file' | 'directory' | 'any' = 'any'): string | undefined {
    const value = this.optional(name);
    if (value === undefined) return undefined;
    const resolved = path.resolve(this.baseDir, value);
    if (!existsSync(resolved)) {
      throw invalidInput(name, value, 'does not exist', `Check the path; relative paths start at ${this.baseDir}.`);
    }
    const isDirectory = statSync(resolved).isDirectory();
    if (kind === 'file' && isDirectory) throw invalidInput(name, value, 'is a directory', 'Name a file.');
    if (kind === 'directory' && !isDirectory) throw invalidInput(name, value, 'is not a directory', 'Name a directory.');
    return resolved;
  }

  /**
   * A JSON document given inline (starts with `{` or `[`) or as a path to a file. Returns the parsed value and where it
   * came from, for error messages further down.
   */
  json(name: string): { value: unknown; source: string } | undefined {
    const text = this.optional(name);
    if (text === undefined) return undefined;
    if (text.startsWith('{') || text.startsWith('[')) {
      return { value: parseJsonText(name, text, 'inline JSON'), source: `input '${name}'` };
    }
    const file = path.resolve(this.baseDir, text);
    if (!existsSync(file) || statSync(file).isDirectory()) {
      throw invalidInput(name, text, 'is neither inline JSON nor an existing file', 'Give a JSON document or the path to one.');
    }
    return { value: parseJsonText(name, readInputFile(name, file, text), `file ${text}`), source: file };
  }

  /** Names the workflow set (non-empty) that no accessor asked for. */
  unknownNames(): string[] {
    return [...this.raw.entries()]
      .filter(([name, value]) => !this.requested.has(name) && value.trim() !== '')
      .map(([name]) => name);
  }
}

function parseJsonText(input: string, text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = errorMessage(error);
    throw new ConfigurationError(`Input '${input}': ${what} is not valid JSON (${reason}). Fix the JSON syntax.`);
  }
}
