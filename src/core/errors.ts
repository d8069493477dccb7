/**
 * Errors that end an action. A ConfigurationError is the user's mistake (a bad input, a missing file, a policy that does
 * not validate): it is reported as one line saying what was wrong and how to fix it, never with a stack trace. Anything
 * else is an internal or remote failure; its stack is shown only when debug logging is on.
 */
export class ConfigurationError extends Error {
  override readonly name: string = 'ConfigurationError';
}

/** Builds the message for a bad input value: which input, what was wrong with the value, how to fix it. */
export function invalidInput(input: string, value: string | undefined, problem: string, fix: string): ConfigurationError {
  const shown = value === undefined ? '' : ` '${value}'`;
  const end = /[.!?]$/.test(fix) ? '' : '.';
  return new ConfigurationError(`Input '${input}':${shown} ${problem}. ${fix}${end}`);
}

/** A failure talking to a remote service, with the operation named so the user knows what was being attempted. */
export class RemoteError extends Error {
  override readonly name: string = 'RemoteError';
  constructor(
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
