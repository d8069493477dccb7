/**
 * `ansible-extra-args` as the user writes it (shell-like words, quotes allowed) becomes a list of words here, is checked
 * against the few ansible-playbook options that make sense for a CIS role run, and is put back into the component's bash
 * with every word single-quoted. Nothing the user writes is ever interpreted by a shell on the build instance.
 */

/** Splits like a POSIX shell would, without any expansion: whitespace separates; '...', "..." and \ quote. */
export function splitShellWords(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (char === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new SyntaxError('has a single quote that is never closed');
      current += text.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (char === '"') {
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) {
        // Inside double quotes a backslash only escapes these, as in a POSIX shell.
        if (text[j] === '\\' && j + 1 < text.length && '"\\$`'.includes(text[j + 1] as string)) j++;
        current += text[j];
      }
      if (j >= text.length) throw new SyntaxError('has a double quote that is never closed');
      i = j;
      inWord = true;
    } else if (char === '\\') {
      if (i + 1 >= text.length) throw new SyntaxError('ends with a lone backslash');
      current += text[++i];
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += char;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  return words;
}

/** Options taking a value; `--name value` and `--name=value` are both accepted. */
const VALUE_OPTIONS = new Set(['-e', '--extra-vars', '--skip-tags', '-t', '--tags']);
/** Options without a value. */
const FLAG_OPTIONS = new Set(['--diff', '--verbose']);
const VERBOSITY = /^-v{1,6}$/;

/**
 * Returns what is wrong with the words as ansible-playbook arguments for the CIS role, or undefined when they are fine.
 * Only tags, skip-tags, extra-vars, verbosity and --diff are allowed: anything else (inventories, connection settings,
 * --check, which the Lockdown roles do not support) would change what the hardening step is.
 */
export function ansibleArgumentsProblem(words: readonly string[]): string | undefined {
  // Image Builder treats {{ ... }} in a component document as its own variable syntax.
  if (words.some((word) => word.includes('{{'))) return `contains '{{', which Image Builder reads as a component variable`;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    const equals = word.startsWith('--') ? word.indexOf('=') : -1;
    const option = equals > 0 ? word.slice(0, equals) : word;
    if (VALUE_OPTIONS.has(option)) {
      const value = equals > 0 ? word.slice(equals + 1) : words[++i];
      if (value === undefined || value === '') return `gives ${option} without a value`;
      if ((option === '-e' || option === '--extra-vars') && value.startsWith('@')) {
        return `reads extra-vars from a file (${value}), which does not exist on the build instance`;
      }
      continue;
    }
    if (FLAG_OPTIONS.has(word) || VERBOSITY.test(word)) continue;
    if (word.startsWith('-')) return `uses ${option}, which drydock does not pass to ansible-playbook`;
    return `has '${word}', which is not an option`;
  }
  return undefined;
}

/** One word for bash, single-quoted so that nothing in it is expanded. */
export function bashQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
