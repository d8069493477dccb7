import { spawn } from 'node:child_process';

/** Runs Node on `args` with only PATH and `env` in its environment; resolves with the exit code and all it printed. */
export function runNode(args: readonly string[], env: Readonly<Record<string, string>>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/**
 * A preload (`node --import` it) that writes, as the process exits, the names of the Node built-in modules it loaded
 * to stderr, as a line `loaded: [...]`; loadedBuiltins reads them back from the output.
 */
export const REPORT_LOADED_BUILTINS = `data:text/javascript,${encodeURIComponent(
  "process.on('exit', () => process.stderr.write('\\nloaded: ' + JSON.stringify(process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13))) + '\\n'));",
)}`;

/** The built-ins a run with REPORT_LOADED_BUILTINS reported; throws when its output has no report. */
export function loadedBuiltins(output: string): string[] {
  const report = /^loaded: (.*)$/m.exec(output);
  if (!report) throw new Error(`the run reported no loaded built-ins:\n${output}`);
  return JSON.parse(report[1]!) as string[];
}
