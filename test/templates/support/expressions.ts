/**
 * What the validation tests need from GitHub Actions expressions (`${{ ... }}`) and CodeCatalyst variables
 * (`${Action.Variable}`): the references they make, not their evaluation.
 */

export interface References {
  /** `inputs.<name>` (composite actions, reusable workflows) */
  readonly inputs: string[];
  /** `steps.<id>.outputs.<name>` */
  readonly stepOutputs: Array<{ step: string; output: string }>;
  /** `needs.<job>.outputs.<name>` */
  readonly jobOutputs: Array<{ job: string; output: string }>;
  /** `vars.<NAME>`, `secrets.<NAME>` */
  readonly vars: string[];
  readonly secrets: string[];
}

const NAME = '[A-Za-z_][A-Za-z0-9_-]*';

/** Every `${{ ... }}` body in a text, or the whole text for an `if:` value (which may omit the braces). */
export function expressionsIn(text: string, bare = false): string[] {
  const found = [...text.matchAll(/\$\{\{([\s\S]*?)\}\}/g)].map((match) => match[1]!);
  return found.length === 0 && bare ? [text] : found;
}

export function referencesIn(expressions: readonly string[]): References {
  const references: References = { inputs: [], stepOutputs: [], jobOutputs: [], vars: [], secrets: [] };
  for (const expression of expressions) {
    for (const match of expression.matchAll(new RegExp(`\\binputs\\.(${NAME})`, 'g'))) references.inputs.push(match[1]!);
    for (const match of expression.matchAll(new RegExp(`\\bsteps\\.(${NAME})\\.outputs\\.(${NAME})`, 'g'))) {
      references.stepOutputs.push({ step: match[1]!, output: match[2]! });
    }
    for (const match of expression.matchAll(new RegExp(`\\bneeds\\.(${NAME})\\.outputs\\.(${NAME})`, 'g'))) {
      references.jobOutputs.push({ job: match[1]!, output: match[2]! });
    }
    for (const match of expression.matchAll(new RegExp(`\\bvars\\.(${NAME})`, 'g'))) references.vars.push(match[1]!);
    for (const match of expression.matchAll(new RegExp(`\\bsecrets\\.(${NAME})`, 'g'))) references.secrets.push(match[1]!);
  }
  return references;
}

/** All strings anywhere in a parsed YAML value. */
export function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}

/** `drydock/drydock/actions/<name>@<ref>` -> { name, ref }; anything else -> undefined. */
export function drydockReference(uses: string | undefined): { name: string; ref: string } | undefined {
  const match = /^drydock\/drydock\/actions\/([a-z0-9-]+)@(.+)$/.exec(uses ?? '');
  return match ? { name: match[1]!, ref: match[2]! } : undefined;
}

/** CodeCatalyst `${Name.Variable}` references (action outputs, `${Secrets.X}`), with the name before the dot. */
export function codeCatalystReferences(text: string): Array<{ scope: string; name: string }> {
  return [...text.matchAll(/\$\{([A-Za-z][A-Za-z0-9_-]*)\.([A-Za-z0-9_-]+)\}/g)].map((match) => ({ scope: match[1]!, name: match[2]! }));
}
