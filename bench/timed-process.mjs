// Runs a child process to completion and times it, for the benchmarks that compare drydock's processes with a peer's.
import { spawn } from 'node:child_process';
import path from 'node:path';

/**
 * Runs `command` with `env` until it exits and its output is read; returns the wall milliseconds from spawn to then and
 * what it wrote (stdout and stderr together). A non-zero exit fails the benchmark, with the output, unless allowed.
 */
export function timedProcess(command, args, env, allowFailure = false) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code === 0 || allowFailure) resolve({ ms, output });
      else reject(new Error(`${path.basename(command)} ${args.join(' ')} exited ${code}:\n${output.slice(-2000)}`));
    });
  });
}

/** timedProcess's wall milliseconds alone. */
export async function timed(command, args, env, allowFailure = false) {
  return (await timedProcess(command, args, env, allowFailure)).ms;
}
