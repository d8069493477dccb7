import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * kubectl from the Debian rolling suite (scripts/install-peers.sh unpacks it into .tools/sid), the second,
 * independent client the deploy tests use to read back what drydock applied. Undefined when it is not installed, so
 * tests can skip with a message instead of failing.
 */
export function findKubectl(): string | undefined {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
  const candidate = path.join(root, '.tools/sid/usr/bin/kubectl');
  return existsSync(candidate) ? candidate : undefined;
}

/** Runs kubectl against a kubeconfig given as text (written to a private temp file, removed afterwards). */
export async function runKubectl(kubectl: string, kubeconfig: string, args: readonly string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kubectl-'));
  const file = path.join(dir, 'config');
  writeFileSync(file, kubeconfig, { mode: 0o600 });
  try {
    return await new Promise((resolve) => {
      execFile(
        kubectl,
        ['--kubeconfig', file, ...args],
        // A private HOME keeps kubectl's discovery cache out of the user's ~/.kube.
        { env: { PATH: process.env['PATH'] ?? '', HOME: dir }, timeout: 30_000 },
        (error, stdout, stderr) => resolve({ stdout, stderr, code: error ? (typeof error.code === 'number' ? error.code : 1) : 0 }),
      );
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
