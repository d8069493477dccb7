import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync, linkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAll } from '../../src/oci/digest.js';
import { TarArchive, TarFormatError } from '../../src/oci/image-sources/tar-archive.js';
import { writeTar } from '../support/oci-image-builder.js';

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'drydock-tar-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function content(archive: TarArchive, path: string): Promise<string> {
  const entry = archive.entry(path);
  if (!entry) throw new Error(`no ${path}`);
  return Buffer.from(await readAll(archive.stream(entry), 1 << 30, path)).toString('utf8');
}

const LONG = `${'deep/'.repeat(30)}file.txt`;

describe('archives written by GNU tar', () => {
  beforeAll(() => {
    const tree = join(work, 'tree');
    mkdirSync(join(tree, 'dir'), { recursive: true });
    mkdirSync(join(tree, ...LONG.split('/').slice(0, -1)), { recursive: true });
    writeFileSync(join(tree, 'dir', 'a.txt'), 'alpha');
    writeFileSync(join(tree, 'empty'), '');
    writeFileSync(join(tree, 'block.bin'), Buffer.alloc(1024, 7));
    writeFileSync(join(tree, LONG), 'long name');
    symlinkSync('dir/a.txt', join(tree, 'link-to-a'));
    linkSync(join(tree, 'dir', 'a.txt'), join(tree, 'hard-a'));
  });

  test.each([['gnu'], ['posix'], ['ustar'], ['oldgnu']])('format %s: files, empty file, long names, symlinks and hard links', async (format) => {
    const path = join(work, `${format}.tar`);
    // ustar cannot store a 150-character path without a usable prefix split; leave it out there.
    const members = format === 'ustar' ? ['./dir', './empty', './block.bin', './link-to-a', './hard-a'] : ['.'];
    execFileSync('tar', [`--format=${format}`, '-C', join(work, 'tree'), '-cf', path, ...members]);
    const archive = await TarArchive.open(path);
    expect(await content(archive, 'dir/a.txt')).toBe('alpha');
    expect(await content(archive, './dir/a.txt')).toBe('alpha');
    expect(await content(archive, 'empty')).toBe('');
    expect((await content(archive, 'block.bin')).length).toBe(1024);
    expect(await content(archive, 'link-to-a')).toBe('alpha');
    expect(await content(archive, 'hard-a')).toBe('alpha');
    if (format !== 'ustar') expect(await content(archive, LONG)).toBe('long name');
    expect(archive.entry('dir')).toBeUndefined();
    expect(archive.entry('nope')).toBeUndefined();
  });
});

test("drydock's own test tar writer round-trips, including PAX long names", async () => {
  const path = join(work, 'own.tar');
  await writeTar(path, [
    { name: 'a', data: Buffer.from('one') },
    { name: LONG, data: Buffer.from('two') },
    { name: 'x/y/link', symlink: '../../a' },
  ]);
  const archive = await TarArchive.open(path);
  expect(await content(archive, 'a')).toBe('one');
  expect(await content(archive, LONG)).toBe('two');
  expect(await content(archive, 'x/y/link')).toBe('one');
  // GNU tar agrees about the names.
  expect(execFileSync('tar', ['-tf', path], { encoding: 'utf8' }).trim().split('\n')).toEqual(['a', LONG, 'x/y/link']);
});

describe('bad archives', () => {
  test.each([
    ['gzip-compressed', () => execFileSync('gzip', ['-c', join(work, 'gnu.tar')]), 'it is gzip-compressed; decompress it first (gunzip) and point the input at the .tar'],
    ['zstd-compressed', () => Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0, 0, 0, 0]), 'it is zstd-compressed'],
    ['not a tar', () => Buffer.alloc(2048, 'x'), 'it is not a tar archive'],
    ['shorter than a header', () => Buffer.from('short'), 'it is not a tar archive (shorter than one header)'],
    ['ends inside a header', () => Buffer.concat([execFileSync('tar', ['-C', join(work, 'tree'), '-cf', '-', 'empty']).subarray(0, 512), Buffer.alloc(100)]), 'it ends inside a tar header at byte 512'],
    ['truncated data', () => execFileSync('tar', ['-C', join(work, 'tree'), '-cf', '-', 'block.bin']).subarray(0, 900), 'it is truncated'],
  ])('%s', async (_label, make, message) => {
    const path = join(work, `bad-${Math.random()}.tar`);
    writeFileSync(path, make());
    const error = await TarArchive.open(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TarFormatError);
    expect((error as Error).message).toContain(message);
  });

  test('an empty file is an empty archive', async () => {
    const path = join(work, 'empty.tar');
    writeFileSync(path, '');
    expect((await TarArchive.open(path)).paths()).toEqual([]);
  });
});
