import { systemClock, type Clock } from './clock.js';
import { ConfigurationError, errorMessage } from './errors.js';
import { InputReader, inputsFromEnv } from './inputs.js';
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
export function reportFailure(error: unknown, logger: Logger): void {
  if (error instanceof ConfigurationError) {
    logger.error(error.message);
    return;
  }
  logger.error(describeFailure(error));
  if (error instanceof Error && error.stack) logger.debug(error.stack);
}

/** What AWS SDK v3 errors carry besides name and message. */
interface AwsSdkErrorMetadata {
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

/**
 * One line for an unexpected failure. AWS SDK errors get their HTTP status and request id (what AWS support asks
 * for); an answer the SDK could not parse is named for what it usually is: an endpoint that is not the AWS API.
 */
export function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const name = error.name && error.name !== 'Error' ? `${error.name}: ` : '';
  const metadata = (error as AwsSdkErrorMetadata).$metadata;
  if (!metadata) return `${name}${error.message}`;
  const status = metadata.httpStatusCode;
  const details = [status ? `HTTP ${status}` : undefined, metadata.requestId ? `request id ${metadata.requestId}` : undefined]
    .filter(Boolean)
    .join(', ');
  if (error.message.startsWith('Deserialization error')) {
    return `The AWS endpoint answered with something that is not the service's API (${details || 'no status'}). Check AWS_ENDPOINT_URL and any proxy between the runner and AWS.`;
  }
  return `${name}${error.message}${details ? ` (${details})` : ''}`;
}

/** The one try/catch: parse, warn about unknown inputs, run, write the summary. Returns the exit code. */
export async function executeAction<Settings>(
  definition: ActionDefinition<Settings>,
  inputs: InputReader,
  context: ActionContext,
): Promise<number> {
  try {
    const settings = definition.parse(inputs, context);
    for (const name of inputs.unknownNames()) {
      context.logger.warning(`Input '${name}' is not an input of ${definition.name}; it is ignored. Check its spelling.`);
    }
    await definition.run(settings, context);
    return 0;
  } catch (error) {
    reportFailure(error, context.logger);
    return 1;
  } finally {
    try {
      context.summary.write(context.env, context.logger);
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
 * the runner is done waiting, so the process exits at once with code 1 rather than ignoring it until SIGKILL.
 */
export function cancellationSignal(host: SignalHost = process): AbortSignal {
  const controller = new AbortController();
  const onSignal = (name: 'SIGINT' | 'SIGTERM') => () => {
    if (controller.signal.aborted) host.exit(1);
    else controller.abort(new Error(`cancelled by ${name}`));
  };
  host.on('SIGINT', onSignal('SIGINT'));
  host.on('SIGTERM', onSignal('SIGTERM'));
  return controller.signal;
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
    signal: cancellationSignal(),
  };
  const workspace = env['GITHUB_WORKSPACE'] || process.cwd();
  process.exitCode = await executeAction(definition, new InputReader(inputsFromEnv(env), workspace), context);
}
