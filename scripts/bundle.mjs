// Builds every bundle: tsc into a private build folder, then one ncc bundle per JavaScript action (and the CLI) into
// dist/ (or the folder given as the first argument, which is how the dist test rebuilds into a temporary folder to
// compare). The build folder is its own, under node_modules/.cache so that ncc still resolves packages from
// node_modules: a concurrent `npm run build` into lib/ cannot mix into a bundle. Its path is fixed because webpack's
// chunk names depend on it (two bundle runs at once are not supported: they would share it).
// Two ncc processes run at once: the machines have two cores.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { licensesText, packageDirsOf } from './licenses.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outRoot = path.resolve(process.argv[2] ?? path.join(root, 'dist'));
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

const lib = path.join(root, 'node_modules', '.cache', 'drydock-bundle', 'lib');
rmSync(lib, { recursive: true, force: true });
process.on('exit', () => rmSync(path.dirname(lib), { recursive: true, force: true }));
execFileSync(bin('tsc'), ['-p', path.join(root, 'tsconfig.json'), '--outDir', lib, '--declaration', 'false'], { stdio: 'inherit' });

const entries = readdirSync(path.join(lib, 'actions'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(path.join(lib, 'actions', entry.name, 'index.js')))
  .map((entry) => [entry.name, path.join(lib, 'actions', entry.name, 'index.js')]);
entries.push(['cli', path.join(lib, 'cli-main.js')]);

// Bundles of actions that no longer exist must not linger in dist/.
if (outRoot === path.join(root, 'dist')) {
  const wanted = new Set(entries.map(([name]) => name));
  for (const name of existsSync(outRoot) ? readdirSync(outRoot) : []) if (!wanted.has(name)) rmSync(path.join(outRoot, name), { recursive: true });
}

const run = promisify(execFile);
const queue = [...entries];
async function worker() {
  for (let next = queue.shift(); next; next = queue.shift()) {
    const [name, entry] = next;
    const out = path.join(outRoot, name);
    rmSync(out, { recursive: true, force: true });
    const stats = path.join(path.dirname(lib), `stats-${name}.json`);
    await run(bin('ncc'), ['build', entry, '-o', out, '-m', '-q', '--no-source-map-register', '--stats-out', stats], { cwd: root });
    writeFileSync(path.join(out, 'licenses.txt'), licensesText(packageDirsOf(JSON.parse(readFileSync(stats, 'utf8')))));
    rmSync(stats);
    console.log(`bundled ${name}`);
  }
}
await Promise.all([worker(), worker()]);
