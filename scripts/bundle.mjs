// Builds every bundle: tsc into lib/, then one ncc bundle per JavaScript action (and the CLI) into dist/ (or the
// folder given as the first argument, which is how the dist test rebuilds into a temporary folder to compare).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outRoot = path.resolve(process.argv[2] ?? path.join(root, 'dist'));
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

execFileSync(bin('tsc'), ['-p', path.join(root, 'tsconfig.json')], { stdio: 'inherit' });

const entries = readdirSync(path.join(root, 'lib', 'actions'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(path.join(root, 'lib', 'actions', entry.name, 'index.js')))
  .map((entry) => [entry.name, path.join('lib', 'actions', entry.name, 'index.js')]);
entries.push(['cli', path.join('lib', 'cli-main.js')]);

for (const [name, entry] of entries) {
  const out = path.join(outRoot, name);
  rmSync(out, { recursive: true, force: true });
  execFileSync(bin('ncc'), ['build', entry, '-o', out, '-m', '-q', '--no-source-map-register', '--license', 'licenses.txt'], {
    cwd: root,
    stdio: 'inherit',
  });
}
