import { systemClock, type Clock } from './clock.js';
import { ConfigurationError, errorMessage, failedAwsCall, shownValue, suggestNames } from './errors.js';
import { InputReader, takeInputsFromEnv } from './inputs.js';
import { createRunnerLogger, type Logger } from './logger.js';
import { Outputs, runnerOutputWriter } from './outputs.js';
import { runner } from './runner.js';
import { SecretSet } from './secrets.js';
import { Summary } from './summary.js';

/** Everything an action's run needs from its host; built once per run, replaced wholesale in tests. */
export interface ActionContext {
  readonly logger: Logger;
  readonly summary: Summary;
  readonly outputs: Outputs;
  readonly secrets: SecretSet;
  readonly clock: Clock;
  readonly env: NodeJS.ProcessEnv;
  /** Aborted when the workflow is cancelled (SIGINT/SIGTERM), so long waits can cancel remote work. */
  readonly signal: AbortSignal;
}

/**
 * An action is a parser from inputs to a readonly settings object and a run over those settings. Keeping the two apart
 * means every input is validated before anything happens remotely, and tests can drive either half alone.
 */
export interface ActionDefinition<Settings> {
  readonly name: string;
  parse(inputs: InputReader, context: ActionContext): Settings;
  run(settings: Settings, context: ActionContext): Promise<void>;
}

/** Turns any failure into the one line the user sees; the stack only with debug logging. */
export function reportFailure(error: unknown, logger: Logger, env: NodeJS.ProcessEnv = {}): void {
  if (error instanceof ConfigurationError) {
    logger.error(error.message);
    return;
  }
  logger.error(describeFailure(error, env));
  if (isError(error) && error.stack) logger.debug(error.stack);
}

/**
 * Errors made in another realm are errors too: Node's own (a refused connection, an invalid URL) are, wherever the
 * code that catches them was loaded (jest runs modules in a vm context of their own).
 */
function isError(value: unknown): value is Error {
  // Error.isError is in Node 24 (which drydock requires) but not yet in the ES2023 lib the project compiles against;
  // on an older node (the CLI started by hand) reporting a failure must not fail itself.
  const isErrorOf = (Error as ErrorConstructor & { isError?: (value: unknown) => boolean }).isError;
  return value instanceof Error || (typeof isErrorOf === 'function' && isErrorOf(value));
}

/** What AWS SDK v3 errors carry besides name and message. */
interface AwsSdkErrorMetadata {
  $metadata?: { httpStatusCode?: number; requestId?: string; attempts?: number };
}

/** What Node's network errors carry: the SDK passes them on as they are, with $metadata added. */
interface NetworkErrorFields {
  code?: unknown;
  address?: unknown;
  port?: unknown;
  hostname?: unknown;
  errors?: unknown;
}

/** Failures to reach a host at all, before any answer (which would be a service error with an HTTP status). */
const NETWORK_ERROR_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN']);

/**
 * The network error a failed SDK call carries, if that is why it failed: the error itself, or, when both addresses
 * of a host failed (Node tries IPv6 and IPv4), the first of the AggregateError's errors.
 */
function networkFailure(error: Error): { message: string; host?: string } | undefined {
  const fields = error as Error & NetworkErrorFields;
  const first = Array.isArray(fields.errors) && isError(fields.errors[0]) ? (fields.errors[0] as Error & NetworkErrorFields) : undefined;
  const code = fields.code ?? first?.code;
  if (typeof code !== 'string' || !NETWORK_ERROR_CODES.has(code)) return undefined;
  const source = error.message || !first ? fields : first;
  const host =
    typeof source.address === 'string'
      ? `${source.address.includes(':') ? `[${source.address}]` : source.address}${typeof source.port === 'number' ? `:${source.port}` : ''}`
      : typeof source.hostname === 'string'
        ? source.hostname
        : undefined;
  return { message: error.message || first?.message || code, ...(host ? { host } : {}) };
}

/**
 * The endpoint variable the SDK read a value from that is not a URL. The SDK reports only `TypeError: Invalid URL`
 * with the value (as `input`); it is blamed on a variable only when one really holds that value.
 */
function invalidEndpointVariable(error: Error, env: NodeJS.ProcessEnv): string | undefined {
  const { code, input } = error as Error & { code?: unknown; input?: unknown };
  if (code !== 'ERR_INVALID_URL' || typeof input !== 'string') return undefined;
  return Object.keys(env)
    .filter((name) => name === 'AWS_ENDPOINT_URL' || name.startsWith('AWS_ENDPOINT_URL_'))
    .sort()
    .find((name) => env[name] === input && !URL.canParse(input));
}

/** The SDK's own words about missing credentials, when they fit in the line. */
const SHORT_SDK_TEXT = 160;

/**
 * One line for an unexpected failure. AWS SDK errors get their HTTP status and request id (what AWS support asks
 * for); an answer the SDK could not parse is named for what it usually is: an endpoint that is not the AWS API.
 * Failures before any AWS service answered (no credentials, no connection, an endpoint variable that is not a URL)
 * say what to set or check. The call that failed is named when drydock's client recorded it (failedAwsCall), so an
 * AccessDenied that does not name the permission still says which one to grant.
 */
export function describeFailure(error: unknown, env: NodeJS.ProcessEnv = {}): string {
  if (!isError(error)) return String(error);
  const name = error.name && error.name !== 'Error' ? `${error.name}: ` : '';
  if (error.name === 'CredentialsProviderError') {
    const sdkText = error.message.length <= SHORT_SDK_TEXT && !/[\r\n]/.test(error.message) ? ` (SDK: ${error.message})` : '';
    return `No AWS credentials were found: configure them in an earlier step (for example aws-actions/configure-aws-credentials with role-to-assume), or set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.${sdkText}`;
  }
  const variable = invalidEndpointVariable(error, env);
  if (variable) {
    return `${variable} is set to ${shownValue(env[variable]!)}, which is not a URL. Set it to the endpoint's base URL, such as http://127.0.0.1:5000, or unset it to use AWS's own endpoints.`;
  }
  const call = failedAwsCall(error);
  const metadata = (error as AwsSdkErrorMetadata).$metadata;
  if (!metadata) return `${name}${error.message}${call ? ` (calling ${call})` : ''}`;
  const status = metadata.httpStatusCode;
  const network = status === undefined ? networkFailure(error) : undefined;
  if (network) {
    const attempts = metadata.attempts ? `; ${metadata.attempts} ${metadata.attempts === 1 ? 'attempt' : 'attempts'}` : '';
    return `Could not reach the AWS endpoint${network.host ? ` ${network.host}` : ''}${call ? ` for ${call}` : ''} (${network.message}${attempts}). Check the runner's network, AWS_ENDPOINT_URL (or AWS_ENDPOINT_URL_<SERVICE>) if set, and any proxy or firewall between the runner and AWS.`;
  }
  const details = [call ? `calling ${call}` : undefined, status ? `HTTP ${status}` : undefined, metadata.requestId ? `request id ${metadata.requestId}` : undefined]
    .filter(Boolean)
    .join(', ');
  // The SDK puts the parser's error first and its note after it: `Unexpected token ... \n  Deserialization error: ...`.
  if (/(^|\n)\s*Deserialization error/.test(error.message)) {
    return `The AWS endpoint answered with something that is not the service's API (${details || 'no status'}). Check AWS_ENDPOINT_URL and any proxy between the runner and AWS.`;
  }
  return `${name}${error.message}${details ? ` (${details})` : ''}`;
}

/** `Input 'name' ...`: the input a ConfigurationError from parsing is about, if it names one. */
function inputNamedBy(error: unknown): string | undefined {
  return error instanceof ConfigurationError ? /^Input '([^']+)'/.exec(error.message)?.[1] : undefined;
}

function unknownInputWarning(name: string, action: string, suggestion?: string): string {
  return `Input '${name}' is not an input of ${action}; it is ignored. ${suggestion ? `Did you mean '${suggestion}'?` : 'Check its spelling.'}`;
}

/**
 * The one try/catch: parse, warn about unknown inputs, run, write the summary (on a failure, with the changes the step
 * recorded). Returns the exit code.
 *
 * Inputs the parser did not ask for are warnings, not errors: every INPUT_* variable in the step's environment is
 * read as an input, and not all of them are meant for this action (an `env:` entry of the job or the step can set
 * one), and the runner itself only warns about `with:` keys that action.yml does not declare. When parsing
 * fails, the inputs it had not reached yet are not known to be unknown; only a set input that looks like a
 * misspelling of the input the error is about is mentioned, next to the error it probably caused.
 */
export async function executeAction<Settings>(
  definition: ActionDefinition<Settings>,
  inputs: InputReader,
  context: ActionContext,
): Promise<number> {
  let parsed = false;
  try {
    const settings = definition.parse(inputs, context);
    parsed = true;
    for (const name of inputs.unknownNames()) context.logger.warning(unknownInputWarning(name, definition.name));
    await definition.run(settings, context);
    return 0;
  } catch (error) {
    reportFailure(error, context.logger, context.env);
    context.summary.listChanges('Changed before it failed');
    const failedInput = parsed ? undefined : inputNamedBy(error);
    if (failedInput !== undefined) {
      for (const name of inputs.unknownNames()) {
        if (suggestNames(name, [failedInput]).length > 0) context.logger.warning(unknownInputWarning(name, definition.name, failedInput));
      }
    }
    return 1;
  } finally {
    try {
      context.summary.write(context.env, context.logger, context.secrets);
    } catch (error) {
      context.logger.warning(`Could not write the job summary: ${errorMessage(error)}`);
    }
  }
}

/** Where signals come from and how the process ends: `process`, or a stand-in in tests. */
export interface SignalHost {
  on(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  exit(code: number): void;
}

/**
 * Aborts the returned signal on the first SIGINT or SIGTERM, which is how runners cancel a step (SIGINT, then SIGTERM
 * some seconds later): the action stops what it started (an image build, a rollout) and fails. A second signal means
 * the runner is done waiting, so the process exits at once with code 1 rather than ignoring it until SIGKILL, after
 * `beforeExit` (reportStopped) has said so.
 */
export function cancellationSignal(host: SignalHost = process, beforeExit: (name: 'SIGINT' | 'SIGTERM') => void = () => {}): AbortSignal {
  const controller = new AbortController();
  const onSignal = (name: 'SIGINT' | 'SIGTERM') => () => {
    if (!controller.signal.aborted) return controller.abort(new Error(`cancelled by ${name}`));
    try {
      beforeExit(name);
    } finally {
      host.exit(1);
    }
  };
  host.on('SIGINT', onSignal('SIGINT'));
  host.on('SIGTERM', onSignal('SIGTERM'));
  return controller.signal;
}

/**
 * What a step stopped by a second signal leaves behind: one error line, and the job summary of what it had done, with
 * the changes it recorded (Summary.writeStopped), since its own summary will never be written.
 */
export function reportStopped(context: Pick<ActionContext, 'logger' | 'summary' | 'env' | 'secrets'>, name: string): void {
  const reason = `Stopped by a second ${name}: the runner stopped waiting, so work still in flight was cut off and may or may not have taken effect.`;
  context.logger.error(reason);
  try {
    context.summary.writeStopped(reason, context.env, context.logger, context.secrets);
  } catch (error) {
    context.logger.warning(`Could not write the job summary: ${errorMessage(error)}`);
  }
}

/** How the process ends: its output streams and exit; `process`, or a stand-in in tests. */
export interface ExitHost {
  readonly stdout: { write(chunk: string, callback: () => void): unknown };
  readonly stderr: { write(chunk: string, callback: () => void): unknown };
  exit(code: number): void;
}

/**
 * Ends the process once a run's outcome is reported: what was written to stdout and stderr is flushed, then the
 * process exits with `code`. Work nobody waits for any more (a sibling upload still retrying after its image failed,
 * a request stalled on a dead connection) would otherwise hold the step open until it gave up, minutes after the
 * error line and the summary.
 */
export async function endProcess(code: number, host: ExitHost = process): Promise<void> {
  await Promise.all([host.stdout, host.stderr].map((stream) => new Promise<void>((resolve) => stream.write('', () => resolve()))));
  host.exit(code);
}

/** Entry point of a bundle run by a runner: inputs from `INPUT_*`, results through the runner protocol. */
export async function runInRunner<Settings>(definition: ActionDefinition<Settings>): Promise<void> {
  const secrets = new SecretSet((value) => runner.mask(value));
  const env = process.env;
  const context: ActionContext = {
    logger: createRunnerLogger(),
    summary: new Summary(),
    outputs: new Outputs(secrets, runnerOutputWriter),
    secrets,
    clock: systemClock,
    env,
    signal: cancellationSignal(process, (name) => reportStopped(context, name)),
  };
  const workspace = env['GITHUB_WORKSPACE'] || process.cwd();
  await endProcess(await executeAction(definition, new InputReader(takeInputsFromEnv(env), workspace), context));
}
