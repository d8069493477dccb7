import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Runs `work` with a fresh directory (mode 0700) for one run's scratch files, and removes it once `work` settles. It
 * is made under the runner's RUNNER_TEMP when that exists: the runner empties it after every job, so even a step killed
 * before its clean-up leaves nothing behind on a self-hosted runner. Elsewhere (the CLI, CodeCatalyst), under the
 * system's temp directory.
 */
export async function withScratchDir<R>(env: NodeJS.ProcessEnv, prefix: string, work: (dir: string) => Promise<R>): Promise<R> {
  const runnerTemp = env['RUNNER_TEMP'];
  const dir = mkdtempSync(path.join(runnerTemp && existsSync(runnerTemp) ? runnerTemp : tmpdir(), prefix));
  try {
    return await work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
