import { runCli } from './cli.js';

export { endProcess } from './core/action.js';

/**
 * Entry of the CLI bundle. The caller (bin/drydock.js) says where actions/ is: computing it here would make ncc copy
 * the whole folder into the bundle as an asset.
 */
export async function main(actionsDir: string): Promise<number> {
  return runCli(process.argv.slice(2), { out: process.stdout, err: process.stderr, env: process.env, cwd: process.cwd(), actionsDir });
}
