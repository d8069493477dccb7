import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full, path.join(prefix, name)) : [path.join(prefix, name)];
  });
}

// Rebuilds every bundle from the current source into a temporary folder and compares it with the committed dist/:
// the actions run dist/, so a source change without `npm run bundle` would ship stale code.
test('committed dist/ equals a fresh bundle of the source', () => {
  const fresh = mkdtempSync(path.join(tmpdir(), 'drydock-dist-'));
  try {
    execFileSync(process.execPath, [path.join(root, 'scripts', 'bundle.mjs'), fresh], { cwd: root, stdio: 'pipe' });
    const committed = listFiles(path.join(root, 'dist')).sort();
    expect(listFiles(fresh).sort()).toEqual(committed);
    const stale = committed.filter(
      (file) => !readFileSync(path.join(fresh, file)).equals(readFileSync(path.join(root, 'dist', file))),
    );
    expect(stale).toEqual([]);
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
}, 600_000);
