import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A fresh directory (mode 0700) for one run's scratch files, which the caller removes. It is made under the runner's
 * RUNNER_TEMP when that exists: the runner empties it after every job, so even a step killed before its clean-up
 * leaves nothing behind on a self-hosted runner. Elsewhere (the CLI, CodeCatalyst), under the system's temp directory.
 */
export function makeScratchDir(env: NodeJS.ProcessEnv, prefix: string): string {
  const runnerTemp = env['RUNNER_TEMP'];
  return mkdtempSync(path.join(runnerTemp && existsSync(runnerTemp) ? runnerTemp : tmpdir(), prefix));
}
