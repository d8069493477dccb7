import { defuseCommands, runner as defaultRunner, type Runner } from './runner.js';
import type { SecretSet } from './secrets.js';

/** The one logging interface every module takes; domain modules never speak the runner protocol themselves. */
export interface Logger {
  readonly isDebug: boolean;
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
  group<T>(title: string, body: () => Promise<T>): Promise<T>;
}

/** Inside a runner (GitHub Actions, CodeCatalyst's github-actions-runner): annotations and collapsible groups. */
export function createRunnerLogger(runner: Runner = defaultRunner): Logger {
  return {
    get isDebug() {
      return runner.isDebug;
    },
    debug: (message) => runner.debug(message),
    info: (message) => runner.info(message),
    warning: (message) => runner.warning(message),
    error: (message) => runner.error(message),
    group: (title, body) => runner.group(title, body),
  };
}

export interface Writable {
  write(text: string): unknown;
}

/**
 * Outside a runner (the CLI, tests): plain lines. There is no runner to mask secrets here, so every line is redacted
 * against the run's secrets before it is written.
 */
export function createPlainLogger(options: { out: Writable; err: Writable; secrets: SecretSet; debug: boolean }): Logger {
  const { out, err, secrets } = options;
  let depth = 0;
  // One message is one entry: its continuation lines (a stack, a value that slipped through with a newline in it) are
  // indented under its text, so none of them reads as a line of its own (an `error:` without its prefix, or a
  // name=value output line on stdout). The CLI also runs inside workflow steps (and writes GITHUB_OUTPUT there): every
  // line is defused like the runner's.
  const line = (stream: Writable, label: string, message: string) => {
    const prefix = `${'  '.repeat(depth)}${label}`;
    const continuation = ' '.repeat(prefix.length);
    const lines = defuseCommands(secrets.redact(message)).split(/\r\n|\r|\n/);
    stream.write(`${prefix}${lines.join(`\n${continuation}`)}\n`);
  };
  return {
    isDebug: options.debug,
    debug: (message) => {
      if (options.debug) line(err, 'debug: ', message);
    },
    info: (message) => line(out, '', message),
    warning: (message) => line(err, 'warning: ', message),
    error: (message) => line(err, 'error: ', message),
    group: async (title, body) => {
      line(out, '', title);
      depth++;
      try {
        return await body();
      } finally {
        depth--;
      }
    },
  };
}

/** A logger that keeps every line, for tests and for capturing a domain module's messages. */
export interface RecordedLine {
  level: 'debug' | 'info' | 'warning' | 'error' | 'group';
  message: string;
}
export function createRecordingLogger(lines: RecordedLine[] = [], isDebug = false): Logger & { lines: RecordedLine[] } {
  return {
    lines,
    isDebug,
    debug: (message) => void lines.push({ level: 'debug', message }),
    info: (message) => void lines.push({ level: 'info', message }),
    warning: (message) => void lines.push({ level: 'warning', message }),
    error: (message) => void lines.push({ level: 'error', message }),
    group: async (title, body) => {
      lines.push({ level: 'group', message: title });
      return body();
    },
  };
}
