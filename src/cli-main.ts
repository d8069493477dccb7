import { defaultActionsDir, runCli } from './cli.js';

process.exitCode = await runCli(process.argv.slice(2), {
  out: process.stdout,
  err: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  actionsDir: defaultActionsDir(import.meta.url),
});
