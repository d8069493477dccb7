import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { licensesText, packageDirsOf } from '../../scripts/licenses.mjs';

/**
 * Every bundle in dist/ redistributes the packages it holds, so its licenses.txt must name each of them with its
 * license text. scripts/licenses.mjs builds it from ncc's webpack stats.
 */
const root = path.resolve('.');
const nm = path.join(root, 'node_modules');

describe('packageDirsOf', () => {
  test('names each package once, from plain and concatenated modules, scoped or not, nested or not', () => {
    const stats = {
      modules: [
        { nameForCondition: path.join(nm, '@sigstore/core/dist/x509/cert.js') },
        { nameForCondition: path.join(nm, '@sigstore/core/dist/asn1/obj.js') },
        { nameForCondition: path.join(nm, '.cache/drydock-bundle/lib/actions/verify-signature/main.js'), modules: [
          { nameForCondition: path.join(nm, '.cache/drydock-bundle/lib/notation/verify.js') },
          { nameForCondition: path.join(nm, 'yaml/dist/index.js') },
        ] },
        { nameForCondition: path.join(nm, '@aws-sdk/core/node_modules/@smithy/types/dist-cjs/index.js') },
        { name: 'external "node:http"' },
      ],
    };
    expect(packageDirsOf(stats).sort()).toEqual([
      path.join(nm, '@aws-sdk/core/node_modules/@smithy/types'),
      path.join(nm, '@sigstore/core'),
      path.join(nm, 'yaml'),
    ]);
  });
});

describe('licensesText', () => {
  test('lists name@version, the license and its text, sorted, once per package', () => {
    const text = licensesText([path.join(nm, 'yaml'), path.join(nm, '@sigstore/core'), path.join(nm, 'yaml')]);
    const sigstore = JSON.parse(readFileSync(path.join(nm, '@sigstore/core/package.json'), 'utf8')) as { version: string };
    const yaml = JSON.parse(readFileSync(path.join(nm, 'yaml/package.json'), 'utf8')) as { version: string };
    expect(text.startsWith(`@sigstore/core@${sigstore.version}\nApache-2.0\n`)).toBe(true);
    expect(text).toContain(`\n\nyaml@${yaml.version}\nISC\n`);
    expect(text).toContain(readFileSync(path.join(nm, 'yaml/LICENSE'), 'utf8').trim());
    expect(text.match(/^yaml@/gm)).toHaveLength(1);
  });

  test('finds license files named other than LICENSE (stream-buffers ships an UNLICENSE)', () => {
    const text = licensesText([path.join(nm, 'stream-buffers')]);
    expect(text).toContain(readFileSync(path.join(nm, 'stream-buffers/UNLICENSE'), 'utf8').trim());
    expect(text).not.toContain('ships no license file');
  });
});

describe('licensesText, packages without a license file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'drydock-licenses-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const pkg = (name: string, license: string | undefined, licenseText?: string) => {
    const at = path.join(dir, name);
    mkdirSync(at, { recursive: true });
    writeFileSync(path.join(at, 'package.json'), JSON.stringify({ name, version: '1.0.0', ...(license ? { license } : {}) }));
    if (licenseText) writeFileSync(path.join(at, 'LICENSE'), licenseText);
    return at;
  };

  test('points at the text of another package under the same license', () => {
    const text = licensesText([pkg('no-file', 'Apache-2.0'), pkg('with-file', 'Apache-2.0', 'Apache License, Version 2.0 (the text)'), pkg('mit-file', 'MIT', 'MIT text')]);
    expect(text).toBe(
      [
        'mit-file@1.0.0\nMIT\nMIT text\n',
        'no-file@1.0.0\nApache-2.0\n(the package ships no license file; the Apache-2.0 text is the one given in this file for with-file@1.0.0)\n',
        'with-file@1.0.0\nApache-2.0\nApache License, Version 2.0 (the text)\n',
      ].join('\n\n'),
    );
  });

  test('says so plainly when no package in the file carries its license, or it names none', () => {
    const text = licensesText([pkg('alone', 'BSD-3-Clause'), pkg('unnamed', undefined), pkg('unnamed-too', undefined, 'some text')]);
    expect(text).toContain('alone@1.0.0\nBSD-3-Clause\n(the package ships no license file)\n');
    expect(text).toContain('unnamed@1.0.0\nUNKNOWN\n(the package ships no license file)\n');
  });
});

describe('the committed bundles', () => {
  const titles = (bundle: string) => readFileSync(path.join(root, 'dist', bundle, 'licenses.txt'), 'utf8').match(/^(@?[a-z0-9][\w.-]*(?:\/[\w.-]+)?)@\d[^\s]*$/gm)?.map((title) => title.slice(0, title.lastIndexOf('@'))) ?? [];

  test.each([
    ['notation-sign', ['@sigstore/core', '@aws-sdk/client-signer']],
    ['verify-signature', ['@sigstore/core', '@aws-sdk/client-signer']],
    ['deploy-aks-or-eks', ['@kubernetes/client-node', 'yaml']],
    ['cli', ['@sigstore/core', '@kubernetes/client-node', 'yaml']],
  ])('%s names the packages of its main chunk as well as its lazy ones', (bundle, expected) => {
    expect(titles(bundle)).toEqual(expect.arrayContaining(expected));
  });

  test('every license a bundle names has its text in the bundle\'s licenses.txt', () => {
    for (const bundle of readdirSync(path.join(root, 'dist'))) {
      const text = readFileSync(path.join(root, 'dist', bundle, 'licenses.txt'), 'utf8');
      expect({ bundle, withoutText: text.match(/^.*\n.*\n\(the package ships no license file\)$/gm) ?? [] }).toEqual({ bundle, withoutText: [] });
    }
  });

  test('every bundle has a licenses.txt naming at least one package', () => {
    for (const bundle of readdirSync(path.join(root, 'dist'))) expect({ bundle, count: titles(bundle).length > 0 }).toEqual({ bundle, count: true });
  });
});
