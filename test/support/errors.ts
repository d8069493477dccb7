import { ConfigurationError } from '../../src/core/errors.js';

/** What `action` threw; fails the test when it returned instead. */
export function thrownBy(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error, and nothing was thrown');
}

/** Asserts that `action` throws a ConfigurationError with exactly `message`: the one line the user would see. */
export function expectConfigurationError(action: () => unknown, message: string): void {
  const error = thrownBy(action);
  expect(error).toBeInstanceOf(ConfigurationError);
  expect((error as Error).message).toBe(message);
}

/** An error as an AWS SDK client throws it for a service exception: its `name` is the exception's. */
export function awsError(name: string, message = `${name} from the test`): Error {
  return Object.assign(new Error(message), { name });
}

/**
 * What `call` threw while process.env was `env` and nothing else (the AWS SDK reads it when a call starts, so the
 * machine's own credentials, profiles and endpoints stay out); fails the test when it succeeded.
 */
export async function thrownWithEnv(env: NodeJS.ProcessEnv, call: () => Promise<unknown>): Promise<unknown> {
  const saved = process.env;
  process.env = { ...env };
  try {
    await call();
  } catch (error) {
    return error;
  } finally {
    process.env = saved;
  }
  throw new Error('the call succeeded');
}
