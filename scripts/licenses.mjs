// The third-party licenses of one bundle, from ncc's webpack stats (`ncc build --stats-out`): every module the bundle
// holds that comes from a package under node_modules names that package, and licenses.txt lists each package once,
// sorted, with its version, license and license text. scripts/bundle.mjs writes it instead of ncc's own --license
// output, which listed only the packages of the lazily loaded chunks (the AWS SDK) and left out everything in each
// bundle's main chunk.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const NODE_MODULES = `${path.sep}node_modules${path.sep}`;

/** Package directories of the modules in webpack stats (concatenated modules included); drydock's own code is not one. */
export function packageDirsOf(stats) {
  const modules = stats.modules.flatMap((module) => [module, ...(module.modules ?? [])]);
  const dirs = new Set();
  for (const { nameForCondition: resource } of modules) {
    if (!resource) continue; // externals: node:* built-ins
    const at = resource.lastIndexOf(NODE_MODULES);
    if (at < 0) continue;
    const parts = resource.slice(at + NODE_MODULES.length).split(path.sep);
    const name = parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
    if (name.startsWith('.')) continue; // node_modules/.cache holds drydock's own compiled code while it is bundled
    dirs.add(resource.slice(0, at + NODE_MODULES.length) + name);
  }
  return [...dirs];
}

// LICENSE, LICENSE.md, LICENSE-MIT, LICENCE.txt, UNLICENSE, COPYING ...
const LICENSE_FILE = /^((un)?licen[cs]e|copying)([.-][\w.-]+)?$/i;

/**
 * licenses.txt for the packages in `dirs`: name@version, license, then the package's license file. A package that
 * ships none (some AWS SDK packages only name Apache-2.0 in package.json) points at the text of another package in the
 * file under the same license, so the file still carries a copy of every license it names.
 */
export function licensesText(dirs) {
  const entries = dirs.map((dir) => {
    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const file = readdirSync(dir).filter((name) => LICENSE_FILE.test(name)).sort()[0];
    const text = file ? readFileSync(path.join(dir, file), 'utf8').trim() : undefined;
    return { title: `${manifest.name}@${manifest.version}`, license: manifest.license ?? 'UNKNOWN', text };
  });
  const sorted = [...new Map(entries.map((entry) => [entry.title, entry])).values()].sort((a, b) => (a.title < b.title ? -1 : a.title > b.title ? 1 : 0));
  const withText = (license) => sorted.find((entry) => entry.text !== undefined && entry.license === license && license !== 'UNKNOWN');
  return sorted
    .map((entry) => {
      const donor = entry.text === undefined ? withText(entry.license) : undefined;
      const text =
        entry.text ??
        (donor ? `(the package ships no license file; the ${entry.license} text is the one given in this file for ${donor.title})` : '(the package ships no license file)');
      return `${entry.title}\n${entry.license}\n${text}\n`;
    })
    .join('\n\n');
}
