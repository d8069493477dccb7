// Runs a child process to completion and times it, for the benchmarks that compare drydock's processes with a peer's;
// and the environment a runner gives an action's bundle.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The environment a runner gives an action's bundle: `inputs` as INPUT_* variables, and GITHUB_OUTPUT, emptied, at
 * `<work>/<action>-output` (returned as `outputFile`). `extra` adds variables of the bench's own.
 */
export function runnerEnv(work, action, inputs, extra = {}) {
  const outputFile = path.join(work, `${action}-output`);
  writeFileSync(outputFile, '');
  const env = { PATH: process.env.PATH, HOME: work, GITHUB_OUTPUT: outputFile, GITHUB_WORKSPACE: work, ...extra };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  return { env, outputFile };
}

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
