import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runnerTempDir, withScratchDir } from '../../src/core/scratch.js';

let runnerTemp: string;
beforeEach(() => {
  runnerTemp = mkdtempSync(path.join(tmpdir(), 'drydock-scratch-test-'));
});
afterEach(() => rmSync(runnerTemp, { recursive: true, force: true }));

test('is a fresh private directory under RUNNER_TEMP, named by its prefix, and gone once the work is done', async () => {
  const env = { RUNNER_TEMP: runnerTemp };
  const [first, second] = await withScratchDir(env, 'drydock-x-', async (outer) =>
    withScratchDir(env, 'drydock-x-', async (inner) => {
      expect(readdirSync(runnerTemp).sort()).toEqual([path.basename(outer), path.basename(inner)].sort());
      expect(statSync(outer).mode & 0o777).toBe(0o700);
      return [outer, inner];
    }),
  );
  expect(path.dirname(first!)).toBe(runnerTemp);
  expect(path.basename(first!)).toMatch(/^drydock-x-.{6}$/);
  expect(second).not.toBe(first);
  expect(readdirSync(runnerTemp)).toEqual([]);
});

test('is removed with its contents when the work fails, and the failure is passed on', async () => {
  let used = '';
  await expect(
    withScratchDir({ RUNNER_TEMP: runnerTemp }, 'drydock-x-', async (dir) => {
      used = dir;
      mkdtempSync(path.join(dir, 'nested-'));
      throw new Error('work failed');
    }),
  ).rejects.toThrow('work failed');
  expect(used).not.toBe('');
  expect(existsSync(used)).toBe(false);
});

test('outside a runner, or when RUNNER_TEMP does not exist, is made under the system temp directory', async () => {
  for (const env of [{}, { RUNNER_TEMP: '' }, { RUNNER_TEMP: path.join(runnerTemp, 'gone') }]) {
    const used = await withScratchDir(env, 'drydock-scratch-test-fallback-', async (dir) => dir);
    expect(path.dirname(used)).toBe(tmpdir());
    expect(existsSync(used)).toBe(false);
  }
});

test('runnerTempDir is RUNNER_TEMP only when it is set and exists', () => {
  expect(runnerTempDir({ RUNNER_TEMP: runnerTemp })).toBe(runnerTemp);
  expect(runnerTempDir({ RUNNER_TEMP: path.join(runnerTemp, 'missing') })).toBeUndefined();
  expect(runnerTempDir({ RUNNER_TEMP: '' })).toBeUndefined();
  expect(runnerTempDir({})).toBeUndefined();
});
