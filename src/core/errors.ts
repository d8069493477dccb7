/**
 * Errors that end an action. A ConfigurationError is the user's mistake (a bad input, a missing file, a policy that does
 * not validate): it is reported as one line saying what was wrong and how to fix it, never with a stack trace. Anything
 * else is an internal or remote failure; its stack is shown only when debug logging is on.
 */
export class ConfigurationError extends Error {
  override readonly name: string = 'ConfigurationError';
}

/**
 * Values up to this many characters are shown whole: every name AWS takes (repository names, tag values of 256, a
 * key=value tag line) fits, and the user can compare it with what they wrote. Anything longer is not a name anyone
 * typed (a policy document, a pasted file) and is cut to its first SHOWN_PREFIX characters.
 */
const SHOWN_WHOLE = 300;
const SHOWN_PREFIX = 80;

/** Control characters and the Unicode line breaks, which would split or garble the one line of an error. */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

/**
 * A value as an error message shows it, between quotes: never longer than a line (a 100 kB value is cut to its start
 * and its length), and never several lines (control characters are escaped as JSON writes them: \n, \t, \u001b).
 * Quotes and backslashes stay as the user wrote them, so paths and patterns read as typed.
 */
export function shownValue(value: string): string {
  const characters = Array.from(value);
  const cut = characters.length > SHOWN_WHOLE;
  const text = (cut ? characters.slice(0, SHOWN_PREFIX).join('') : value).replace(
    UNPRINTABLE,
    (character) => ESCAPES[character] ?? `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return cut ? `'${text}…' (${characters.length} characters)` : `'${text}'`;
}

/** Builds the message for a bad input value: which input, what was wrong with the value, how to fix it. */
export function invalidInput(input: string, value: string | undefined, problem: string, fix: string): ConfigurationError {
  const shown = value === undefined ? '' : ` ${shownValue(value)}`;
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

/**
 * The property aws/client-config's `withCallNames` adds to an error an AWS SDK call failed with: the call as an IAM
 * action, `ecr:CreateRepository`. The SDK's errors do not say which operation failed, and some services'
 * AccessDenied messages name neither it nor the permission. Not enumerable, so it never shows in JSON.
 */
export const AWS_OPERATION_PROPERTY = 'awsOperation';

/** The AWS call `error` came from, such as `ecr:CreateRepository`, when drydock's client recorded it. */
export function failedAwsCall(error: unknown): string | undefined {
  const value = typeof error === 'object' && error !== null ? (error as Record<string, unknown>)[AWS_OPERATION_PROPERTY] : undefined;
  return typeof value === 'string' ? value : undefined;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Edit distance counting a swap of two neighbours as one edit (optimal string alignment): `regoin` is one edit from
 * `region`, as a typo is.
 */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}

/**
 * The names `wanted` was probably meant to be, closest first, at most three: one or two typos away (more for long
 * names), or the start of a name (`repo` for `repository`, `tag` for `tags`). Empty when nothing is close, so the
 * caller can say so instead of guessing.
 */
export function suggestNames(wanted: string, names: Iterable<string>): string[] {
  const scored: Array<[string, number]> = [];
  const starts: string[] = [];
  for (const name of new Set(names)) {
    if (name === wanted) continue;
    const distance = editDistance(wanted, name);
    const allowed = Math.max(2, Math.floor(Math.max(wanted.length, name.length) / 4));
    if (distance <= allowed && distance < Math.max(wanted.length, name.length)) scored.push([name, distance]);
    else if (wanted.length >= 3 && name.startsWith(wanted)) starts.push(name);
  }
  // Of the names `wanted` starts, the shortest: `repo` is `repository`, not also `repository-policy`, which extends it.
  for (const name of starts) {
    if (!starts.some((other) => other !== name && name.startsWith(other))) scored.push([name, Number.MAX_SAFE_INTEGER]);
  }
  return scored
    .sort(([a, da], [b, db]) => da - db || a.localeCompare(b))
    .slice(0, 3)
    .map(([name]) => name);
}
