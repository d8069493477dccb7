// Temporary directories for one test file: each is removed after the file's tests, however they ended, so a test run
// leaves nothing in the machine's temporary folder.
import { afterAll } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const made: string[] = [];

// Jest gives every test file its own instance of this module, so this hook belongs to the file that imported it.
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh directory `<tmp>/drydock-<name>-XXXXXX`, removed after the importing test file's tests. */
export function tempDir(name: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `drydock-${name}-`));
  made.push(dir);
  return dir;
}
