import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from '@jest/globals';
import ts from 'typescript';
import { loadedBuiltins, REPORT_LOADED_BUILTINS, runNode } from '../support/run-node.js';

/**
 * Importing the HTTP layer as plain ES modules (as lib/, the library entry, is imported) must not load Node's bundled
 * undici: an ES import of node:http reads every export, and its lazy WebSocket getters load undici (about 25 ms).
 * Nor node:http itself: the default client (http-wire.ts) runs on node:net, and node:http waits for nodeHttp's use.
 * The four source files it reaches are transpiled as they are (no type check) into a temporary folder and imported by
 * a fresh Node, which reports the built-ins it loaded when it exits.
 */
const work = mkdtempSync(path.join(tmpdir(), 'drydock-http-load-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

test('importing src/oci/http.ts loads neither node:http nor undici (node:http loads on nodeHttp\'s first request)', async () => {
  for (const file of ['oci/http', 'oci/http-wire', 'oci/digest', 'core/node-crypto']) {
    const source = readFileSync(path.resolve(`src/${file}.ts`), 'utf8');
    const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 } });
    writeFileSync(path.join(work, `${path.basename(file)}.mjs`), outputText.replaceAll(/from '\.\.?\/(?:core\/)?(digest|http-wire|node-crypto)\.js'/g, "from './$1.mjs'"));
  }
  const { code, output } = await runNode(['--import', REPORT_LOADED_BUILTINS, '--input-type=module', '-e', `await import(${JSON.stringify(path.join(work, 'http.mjs'))});`], {});
  expect({ code, output: output.slice(0, 200) }).toMatchObject({ code: 0 });
  const loaded = loadedBuiltins(output);
  expect(loaded).toContain('net');
  expect(loaded.filter((name) => name === 'http' || name.includes('undici'))).toEqual([]);
});
