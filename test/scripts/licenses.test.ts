import { readdirSync, readFileSync } from 'node:fs';
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

  test('every bundle has a licenses.txt naming at least one package', () => {
    for (const bundle of readdirSync(path.join(root, 'dist'))) expect({ bundle, count: titles(bundle).length > 0 }).toEqual({ bundle, count: true });
  });
});
