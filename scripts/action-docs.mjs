// Writes the generated parts of every actions/<action>/README.md from the files they describe, so the READMEs cannot
// drift from them:
//   <!-- action-docs:inputs -->  ... <!-- /action-docs:inputs -->    the inputs table, from action.yml
//   <!-- action-docs:outputs --> ... <!-- /action-docs:outputs -->   the outputs table, from action.yml
//   <!-- action-docs:iam -->     ... <!-- /action-docs:iam -->       the IAM policy, from action-templates/iam/<action>.json
// Everything outside the markers is written by hand and left alone. A README without a marker gets nothing there.
//
//   node scripts/action-docs.mjs            rewrite the READMEs that are out of date
//   node scripts/action-docs.mjs --check    change nothing; list the READMEs that are out of date and exit 1 if any
//   --root <dir>                            the repository to work on (default: this one; tests point it elsewhere)
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

const SECTIONS = ['inputs', 'outputs', 'iam'];

/** One line of Markdown table text: pipes escaped, folded YAML text on one line. */
function cell(value) {
  return String(value ?? '')
    .trim()
    .replace(/\s*\n\s*/g, ' ')
    .replaceAll('|', '\\|');
}

function inputsTable(metadata) {
  const inputs = Object.entries(metadata.inputs ?? {});
  if (inputs.length === 0) return 'This action has no inputs.';
  const rows = inputs.map(([name, input]) => {
    const fallback = input.default === undefined || input.default === '' ? '' : `\`${cell(input.default)}\``;
    return `| \`${name}\` | ${input.required === true ? 'yes' : 'no'} | ${fallback} | ${cell(input.description)} |`;
  });
  return ['| input | required | default | description |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

function outputsTable(metadata) {
  const outputs = Object.entries(metadata.outputs ?? {});
  if (outputs.length === 0) return 'This action has no outputs.';
  const rows = outputs.map(([name, output]) => `| \`${name}\` | ${cell(output.description)} |`);
  return ['| output | description |', '| --- | --- |', ...rows].join('\n');
}

function iamSection(root, action) {
  const file = path.join(root, 'action-templates', 'iam', `${action}.json`);
  if (!existsSync(file)) return 'This action calls no AWS API: it needs no IAM permissions.';
  const policy = JSON.stringify(JSON.parse(readFileSync(file, 'utf8')), null, 2);
  return [`From [\`action-templates/iam/${action}.json\`](../../action-templates/iam/${action}.json):`, '', '```json', policy, '```'].join('\n');
}

/** The generated text of each section for one action. */
export function renderSections(root, action) {
  const metadata = parseYaml(readFileSync(path.join(root, 'actions', action, 'action.yml'), 'utf8')) ?? {};
  return { inputs: inputsTable(metadata), outputs: outputsTable(metadata), iam: iamSection(root, action) };
}

/** The README with every marked section replaced by its generated text. */
export function updateReadme(text, sections) {
  let updated = text;
  for (const name of SECTIONS) {
    const start = `<!-- action-docs:${name} -->`;
    const end = `<!-- /action-docs:${name} -->`;
    const from = updated.indexOf(start);
    if (from === -1) continue;
    const to = updated.indexOf(end, from);
    if (to === -1) throw new Error(`${start} has no closing ${end}`);
    updated = `${updated.slice(0, from + start.length)}\n${sections[name]}\n${updated.slice(to)}`;
  }
  return updated;
}

/** Every action folder with a README; returns the READMEs whose generated sections were (or, with check, would be) rewritten. */
export function syncActionDocs(root, { check = false } = {}) {
  const actionsDir = path.join(root, 'actions');
  const stale = [];
  for (const action of readdirSync(actionsDir).sort()) {
    const readme = path.join(actionsDir, action, 'README.md');
    if (!existsSync(path.join(actionsDir, action, 'action.yml')) || !existsSync(readme)) continue;
    const text = readFileSync(readme, 'utf8');
    let updated;
    try {
      updated = updateReadme(text, renderSections(root, action));
    } catch (error) {
      throw new Error(`${path.relative(root, readme)}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (updated === text) continue;
    stale.push(path.relative(root, readme));
    if (!check) writeFileSync(readme, updated);
  }
  return stale;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const rootIndex = args.indexOf('--root');
  const root = rootIndex >= 0 ? path.resolve(args[rootIndex + 1]) : path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  try {
    const stale = syncActionDocs(root, { check });
    if (check && stale.length > 0) {
      console.error(`Out of date (run: node scripts/action-docs.mjs): ${stale.join(', ')}`);
      process.exitCode = 1;
    } else {
      console.log(stale.length === 0 ? 'Action READMEs are up to date.' : `Updated ${stale.join(', ')}`);
    }
  } catch (error) {
    console.error(`action-docs: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
