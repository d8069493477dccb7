import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { makeScratchDir } from '../../src/core/scratch.js';

let runnerTemp: string;
beforeEach(() => {
  runnerTemp = mkdtempSync(path.join(tmpdir(), 'drydock-scratch-test-'));
});
afterEach(() => rmSync(runnerTemp, { recursive: true, force: true }));

test('is a fresh private directory under RUNNER_TEMP, named by its prefix', () => {
  const first = makeScratchDir({ RUNNER_TEMP: runnerTemp }, 'drydock-x-');
  const second = makeScratchDir({ RUNNER_TEMP: runnerTemp }, 'drydock-x-');
  expect(path.dirname(first)).toBe(runnerTemp);
  expect(path.basename(first)).toMatch(/^drydock-x-.{6}$/);
  expect(second).not.toBe(first);
  expect(readdirSync(runnerTemp).sort()).toEqual([path.basename(first), path.basename(second)].sort());
  expect(statSync(first).mode & 0o777).toBe(0o700);
});

test('outside a runner, or when RUNNER_TEMP does not exist, is made under the system temp directory', () => {
  for (const env of [{}, { RUNNER_TEMP: '' }, { RUNNER_TEMP: path.join(runnerTemp, 'gone') }]) {
    const scratch = makeScratchDir(env, 'drydock-scratch-test-fallback-');
    try {
      expect(path.dirname(scratch)).toBe(tmpdir());
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
});
