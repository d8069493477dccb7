/**
 * Just enough of POSIX shell word splitting to read and edit one simple command in a user data script while keeping
 * every other byte: words carry their source offsets, so an edit replaces one word's text and nothing else.
 * Not a shell parser: it understands quotes, backslash escapes, line continuations, `$(...)`/`${...}`/backticks inside
 * a word, and stops at the end of the command (newline, `;`, `&`, `|`, `)` or a comment).
 */
export interface ShellWord {
  /** Offsets in the script: the word is script.slice(start, end). */
  readonly start: number;
  readonly end: number;
  /** The word after quote removal (expansions are left as written). */
  readonly value: string;
  /** How the word is quoted as a whole, so a replacement can be quoted the same way. */
  readonly quote: '' | "'" | '"';
  /** True when the word is nothing but an unquoted expansion ($VAR, ${VAR}), which the shell may split into several words. */
  readonly bareExpansion: boolean;
}

const COMMAND_END = new Set(['\n', '\r', ';', '&', '|', ')']);

/** Index just past the `)` or `}` that closes the opener at `from` (which points at `(` or `{`). */
function skipBalanced(script: string, from: number): number {
  const open = script[from];
  const close = open === '(' ? ')' : '}';
  let depth = 0;
  for (let i = from; i < script.length; i++) {
    const char = script[i];
    if (char === '\\') i++;
    else if (char === "'" && open === '(') i = script.indexOf("'", i + 1) < 0 ? script.length : script.indexOf("'", i + 1);
    else if (char === open) depth++;
    else if (char === close && --depth === 0) return i + 1;
  }
  return script.length;
}

/** Words of the command that continues at `from`, up to the end of that command. */
export function readCommandWords(script: string, from: number): ShellWord[] {
  const words: ShellWord[] = [];
  let i = from;
  for (;;) {
    // Blanks and line continuations between words.
    while (i < script.length) {
      if (script[i] === ' ' || script[i] === '\t') i++;
      else if (script.startsWith('\\\n', i)) i += 2;
      else if (script.startsWith('\\\r\n', i)) i += 3;
      else break;
    }
    if (i >= script.length || COMMAND_END.has(script[i]!) || script[i] === '#') return words;
    const start = i;
    let value = '';
    let quotedParts = 0;
    let unquotedText = '';
    let quoteChar: '' | "'" | '"' = '';
    while (i < script.length) {
      const char = script[i]!;
      if (char === ' ' || char === '\t' || COMMAND_END.has(char)) break;
      if (char === "'") {
        const close = script.indexOf("'", i + 1);
        const end = close < 0 ? script.length : close;
        value += script.slice(i + 1, end);
        quotedParts++;
        quoteChar = "'";
        i = end + 1;
      } else if (char === '"') {
        let j = i + 1;
        while (j < script.length && script[j] !== '"') {
          if (script[j] === '\\' && j + 1 < script.length && '"\\$`\n'.includes(script[j + 1]!)) {
            if (script[j + 1] !== '\n') value += script[j + 1];
            j += 2;
          } else if (script.startsWith('$(', j) || script.startsWith('${', j)) {
            const end = skipBalanced(script, j + 1);
            value += script.slice(j, end);
            j = end;
          } else value += script[j++];
        }
        quotedParts++;
        quoteChar = '"';
        i = j + 1;
      } else if (char === '\\') {
        if (script[i + 1] === '\n' || script.startsWith('\r\n', i + 1)) break;
        value += script[i + 1] ?? '';
        unquotedText += script[i + 1] ?? '';
        i += 2;
      } else if (script.startsWith('$(', i) || script.startsWith('${', i)) {
        const end = skipBalanced(script, i + 1);
        value += script.slice(i, end);
        unquotedText += script.slice(i, end);
        i = end;
      } else if (char === '`') {
        const close = script.indexOf('`', i + 1);
        const end = close < 0 ? script.length : close + 1;
        value += script.slice(i, end);
        unquotedText += script.slice(i, end);
        i = end;
      } else {
        value += char;
        unquotedText += char;
        i++;
      }
    }
    const wholeQuoted = quotedParts === 1 && unquotedText === '' ? quoteChar : '';
    words.push({
      start,
      end: i,
      value,
      quote: wholeQuoted,
      bareExpansion: quotedParts === 0 && /^\$(?:\{[^}]*\}|[A-Za-z_][A-Za-z0-9_]*)$/.test(unquotedText),
    });
  }
}

const PLAIN_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** `value` as one shell word, quoted the way `like` was when given (so edits keep the author's style). */
export function shellQuote(value: string, like: '' | "'" | '"' = ''): string {
  if (like === '"') return `"${value.replace(/["\\$`]/g, '\\$&')}"`;
  if (like === '' && PLAIN_SAFE.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Applies non-overlapping edits; edits at the same offset keep their given order. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const ordered = edits.map((edit, order) => ({ edit, order })).sort((a, b) => a.edit.start - b.edit.start || a.order - b.order);
  let result = '';
  let position = 0;
  for (const { edit } of ordered) {
    result += text.slice(position, edit.start) + edit.text;
    position = Math.max(position, edit.end);
  }
  return result + text.slice(position);
}
