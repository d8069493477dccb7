import { ConfigurationError } from '../../src/core/errors.js';

/** Asserts that `action` throws a ConfigurationError with exactly `message`: the one line the user would see. */
export function expectConfigurationError(action: () => unknown, message: string): void {
  let error: unknown;
  try {
    action();
  } catch (thrown) {
    error = thrown;
  }
  expect(error).toBeInstanceOf(ConfigurationError);
  expect((error as Error).message).toBe(message);
}
