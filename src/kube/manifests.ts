import { existsSync, globSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ConfigurationError, invalidInput } from '../core/errors.js';
import { isPlainObject, type KubeObject, type ManifestObject } from './objects.js';

/** Files a directory contributes (not recursive, as `kubectl apply -f dir`; use a `**` glob to recurse). */
const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
const GLOB_CHARACTERS = /[*?[\]{}]/;
/** A namespace name: an RFC 1123 label. */
export const NAMESPACE_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Expands the `manifests` input: files, directories (their .yaml, .yml and .json files) and globs, relative to the
 * workspace. Every entry must match something; the result is sorted and without duplicates, so the apply order does
 * not depend on the file system.
 */
export function expandManifestPaths(entries: readonly string[], baseDir: string, inputName = 'manifests'): string[] {
  const files = new Set<string>();
  for (const entry of entries) {
    const matched: string[] = [];
    const absolute = path.resolve(baseDir, entry);
    if (GLOB_CHARACTERS.test(entry)) {
      for (const match of globSync(entry, { cwd: baseDir })) {
        const file = path.resolve(baseDir, match);
        if (statSync(file).isFile()) matched.push(file);
      }
    } else if (existsSync(absolute)) {
      if (statSync(absolute).isDirectory()) {
        for (const name of readdirSync(absolute)) {
          const file = path.join(absolute, name);
          if (MANIFEST_EXTENSIONS.has(path.extname(name).toLowerCase()) && statSync(file).isFile()) matched.push(file);
        }
        if (matched.length === 0) {
          throw invalidInput(inputName, entry, 'is a directory without .yaml, .yml or .json files', 'Point it at the folder that holds the manifests, or use a glob such as k8s/**/*.yaml.');
        }
      } else matched.push(absolute);
    }
    if (matched.length === 0) throw invalidInput(inputName, entry, 'matches no file', `Check the path; relative paths start at ${baseDir}.`);
    for (const file of matched.sort()) files.add(file);
  }
  return [...files];
}

function location(file: string, baseDir: string, document: number): string {
  const relative = path.relative(baseDir, file);
  return `${relative.startsWith('..') ? file : relative}, document ${document}`;
}

function manifestError(source: string, problem: string, fix: string): ConfigurationError {
  return new ConfigurationError(`Manifest ${source}: ${problem}. ${fix}`);
}

/** Checks the fields every applied object needs; `source` names it in messages. */
export function checkManifestObject(value: unknown, source: string): KubeObject {
  if (!isPlainObject(value)) {
    throw manifestError(source, 'is not a Kubernetes object', 'Each YAML document must be a mapping with apiVersion, kind and metadata.name.');
  }
  if (typeof value['apiVersion'] !== 'string' || value['apiVersion'] === '') {
    throw manifestError(source, 'has no apiVersion', 'Add the API version, such as apps/v1 or v1.');
  }
  if (typeof value['kind'] !== 'string' || value['kind'] === '') throw manifestError(source, 'has no kind', 'Add the kind, such as Deployment.');
  const metadata = value['metadata'];
  const name = isPlainObject(metadata) ? metadata['name'] : undefined;
  if (typeof name !== 'string' || name === '') {
    const generated = isPlainObject(metadata) && metadata['generateName'] !== undefined;
    throw manifestError(
      `${source} (${value['kind']})`,
      'has no metadata.name',
      generated ? 'Server-side apply needs a fixed name; replace generateName with name.' : 'Give the object a name under metadata.name.',
    );
  }
  const namespace = (metadata as Record<string, unknown>)['namespace'];
  if (namespace !== undefined && (typeof namespace !== 'string' || !NAMESPACE_NAME.test(namespace))) {
    throw manifestError(
      `${source} (${value['kind']} ${name})`,
      `metadata.namespace '${String(namespace)}' is not a valid namespace name`,
      "Use up to 63 lower-case letters, digits and '-', starting and ending with a letter or digit.",
    );
  }
  for (const field of ['labels', 'annotations'] as const) {
    const map = (metadata as Record<string, unknown>)[field];
    if (map === undefined || map === null) continue;
    if (!isPlainObject(map) || Object.values(map).some((v) => typeof v !== 'string')) {
      throw manifestError(`${source} (${value['kind']} ${name})`, `metadata.${field} must map names to strings`, 'Quote values such as "true" or "8080".');
    }
  }
  return value as KubeObject;
}

/**
 * Parses one file's YAML documents (JSON is YAML too). YAML 1.1 rules, as kubectl's parser applies them, so `on` and
 * `yes` mean the same here as there. Empty documents are skipped; `kind: List` is expanded into its items.
 */
export function parseManifestText(text: string, file: string, baseDir: string): ManifestObject[] {
  const objects: ManifestObject[] = [];
  const documents = parseAllDocuments(text, { version: '1.1', prettyErrors: true });
  const list = Array.isArray(documents) ? documents : [documents];
  list.forEach((document, index) => {
    const source = location(file, baseDir, index + 1);
    const error = document.errors[0];
    if (error) {
      const first = error.message.split('\n')[0]!.replace(/:$/, '');
      throw manifestError(source, `is not valid YAML (${first})`, 'Fix the YAML syntax.');
    }
    const value: unknown = document.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) return;
    if (isPlainObject(value) && value['kind'] === 'List' && Array.isArray(value['items'])) {
      value['items'].forEach((item, itemIndex) => objects.push({ object: checkManifestObject(item, `${source}, item ${itemIndex + 1}`), source: `${source}, item ${itemIndex + 1}` }));
      return;
    }
    objects.push({ object: checkManifestObject(value, source), source });
  });
  return objects;
}

/** Reads every manifest the entries name; fails on the first invalid document, naming its file and number. */
export function loadManifests(entries: readonly string[], baseDir: string, inputName = 'manifests'): ManifestObject[] {
  const objects = expandManifestPaths(entries, baseDir, inputName).flatMap((file) => parseManifestText(readFileSync(file, 'utf8'), file, baseDir));
  if (objects.length === 0) {
    throw invalidInput(inputName, entries.join(', '), 'holds no Kubernetes objects', 'Every document is empty; point it at the manifests to deploy.');
  }
  return objects;
}
