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
 * A preload (`node --import` it) that writes to stderr the names of the Node built-in modules the process had loaded
 * when it opened its first client socket (its first request), as a line `loaded at first request: [...]`, and those
 * it loaded in all, as it exits, as a line `loaded: [...]`; loadedBuiltins reads them back from the output.
 */
export const REPORT_LOADED_BUILTINS = `data:text/javascript,${encodeURIComponent(
  [
    "import { subscribe, unsubscribe } from 'node:diagnostics_channel';",
    "const loaded = () => JSON.stringify(process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13)));",
    "const first = () => { unsubscribe('net.client.socket', first); process.stderr.write('\\nloaded at first request: ' + loaded() + '\\n'); };",
    "subscribe('net.client.socket', first);",
    "process.on('exit', () => process.stderr.write('\\nloaded: ' + loaded() + '\\n'));",
  ].join('\n'),
)}`;

/**
 * The built-ins a run with REPORT_LOADED_BUILTINS reported: all it loaded, or (`atFirstRequest`) those it had loaded
 * when it opened its first client socket. Throws when its output has no such report.
 */
export function loadedBuiltins(output: string, { atFirstRequest = false } = {}): string[] {
  const report = (atFirstRequest ? /^loaded at first request: (.*)$/m : /^loaded: (.*)$/m).exec(output);
  if (!report) throw new Error(`the run reported no loaded built-ins${atFirstRequest ? ' at its first request' : ''}:\n${output}`);
  return JSON.parse(report[1]!) as string[];
}
