import { cliDebug, runCli } from './cli.js';
import { errorMessage } from './core/errors.js';
import type { Writable } from './core/logger.js';

export { endProcess } from './core/action.js';

/**
 * A standard stream that may fail under the CLI: stdout piped into `head` closes early (EPIPE), a disk fills up. Node
 * would end the process with an unhandled 'error' event and a stack trace, in the middle of a push or a rollout, even
 * one that was going to succeed. Instead the rest of that stream's output is dropped and the run goes on to its own
 * exit code; a failure other than a closed pipe is said once, on `report`.
 */
export function tolerantStream(stream: NodeJS.WritableStream, name: string, report: (line: string) => void = () => {}): Writable {
  let failed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (!failed && error.code !== 'EPIPE') report(`drydock: cannot write to ${name} (${error.code ?? errorMessage(error)}); the rest of its output is dropped\n`);
    failed = true;
  });
  return { write: (text: string) => (failed ? false : stream.write(text)) };
}

/**
 * Entry of the CLI bundle. The caller (bin/drydock.js) says where actions/ is: computing it here would make ncc copy
 * the whole folder into the bundle as an asset.
 */
export async function main(actionsDir: string): Promise<number> {
  const err = tolerantStream(process.stderr, 'stderr');
  const out = tolerantStream(process.stdout, 'stdout', (line) => err.write(line));
  try {
    return await runCli(process.argv.slice(2), { out, err, env: process.env, cwd: process.cwd(), actionsDir });
  } catch (error) {
    // runCli reports every failure of an action itself; this is drydock's own bug, still said in one line.
    err.write(`error: ${cliDebug(process.env) && error instanceof Error && error.stack ? error.stack : errorMessage(error)}\n`);
    return 1;
  }
}
