import { type ActionContext } from '../../src/core/action.js';
import { createRecordingLogger, type RecordedLine } from '../../src/core/logger.js';
import { Outputs } from '../../src/core/outputs.js';
import { SecretSet } from '../../src/core/secrets.js';
import { Summary } from '../../src/core/summary.js';
import { FakeClock } from './fake-clock.js';

/** An ActionContext that records everything, for driving actions in tests without a runner. */
export function testContext(env: NodeJS.ProcessEnv = {}, debug = false) {
  const lines: RecordedLine[] = [];
  const written = new Map<string, string>();
  const secrets = new SecretSet();
  const context: ActionContext = {
    logger: createRecordingLogger(lines, debug),
    summary: new Summary(),
    outputs: new Outputs(secrets, (name, value) => written.set(name, value)),
    secrets,
    clock: new FakeClock(),
    env,
    signal: new AbortController().signal,
  };
  return { context, lines, outputs: written, errors: () => lines.filter((l) => l.level === 'error').map((l) => l.message) };
}
