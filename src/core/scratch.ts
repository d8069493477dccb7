import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The runner's RUNNER_TEMP, when it is set and exists: a directory private to the job, which the runner empties after
 * every job. Undefined elsewhere (the CLI, CodeCatalyst).
 */
export function runnerTempDir(env: NodeJS.ProcessEnv): string | undefined {
  const runnerTemp = env['RUNNER_TEMP'];
  return runnerTemp && existsSync(runnerTemp) ? runnerTemp : undefined;
}

/**
 * Runs `work` with a fresh directory (mode 0700) for one run's scratch files, and removes it once `work` settles. It
 * is made under RUNNER_TEMP when there is one (runnerTempDir), so even a step killed before its clean-up leaves nothing
 * behind on a self-hosted runner; elsewhere, under the system's temp directory.
 */
export async function withScratchDir<R>(env: NodeJS.ProcessEnv, prefix: string, work: (dir: string) => Promise<R>): Promise<R> {
  const dir = mkdtempSync(path.join(runnerTempDir(env) ?? tmpdir(), prefix));
  try {
    return await work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
