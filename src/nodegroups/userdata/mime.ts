/**
 * MIME multipart user data, parsed so that it can be written back byte for byte. cloud-init and nodeadm both read
 * `multipart/mixed` user data; a node group's launch template often carries parts that drydock knows nothing about
 * (cloud-config, pre-bootstrap scripts, part handlers). Every part keeps its raw text; only a part that drydock edits
 * is re-encoded, and new parts are inserted before the closing delimiter.
 */

export interface MimePart {
  /** The delimiter line that opens this part, with its line break (`--BOUNDARY\n`). */
  readonly delimiter: string;
  /** Raw header block including the blank line that ends it; empty when the part has no headers. */
  readonly headerBlock: string;
  /** Raw body up to (and including) the line break before the next delimiter. */
  readonly rawBody: string;
  /** Lower-case media type without parameters; `text/plain` when the part does not say. */
  readonly contentType: string;
  /** Lower-case Content-Transfer-Encoding, when the part gives one. */
  readonly transferEncoding?: string;
}

export interface MimeDocument {
  /** Top-level header block including the blank line that ends it. */
  readonly head: string;
  readonly boundary: string;
  readonly preamble: string;
  readonly parts: readonly MimePart[];
  /** The closing delimiter line and whatever follows it; empty when the document never closes (cloud-init tolerates that). */
  readonly closing: string;
  readonly newline: '\n' | '\r\n';
}

interface HeaderField {
  name: string;
  value: string;
}

/** Header fields of a raw header block, unfolding continuation lines. */
export function parseHeaderFields(block: string): HeaderField[] {
  const fields: HeaderField[] = [];
  for (const line of block.split(/\r?\n/)) {
    if (line === '') continue;
    const last = fields.at(-1);
    if (/^[ \t]/.test(line) && last) {
      last.value += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    fields.push({ name: line.slice(0, colon).trim().toLowerCase(), value: line.slice(colon + 1).trim() });
  }
  return fields;
}

function headerValue(fields: readonly HeaderField[], name: string): string | undefined {
  return fields.find((field) => field.name === name)?.value;
}

/** `multipart/mixed; boundary="x"` -> the media type and the boundary parameter. */
function parseContentType(value: string | undefined): { type: string; boundary?: string } {
  if (value === undefined) return { type: 'text/plain' };
  const [type = '', ...parameters] = value.split(';');
  let boundary: string | undefined;
  for (const parameter of parameters) {
    const match = /^\s*boundary\s*=\s*(?:"([^"]*)"|([^\s;]+))\s*$/i.exec(parameter);
    if (match) boundary = match[1] ?? match[2];
  }
  return { type: type.trim().toLowerCase(), ...(boundary !== undefined ? { boundary } : {}) };
}

/** Splits `text` at the first blank line: [header block with the blank line, rest]. */
function splitHeaderBlock(text: string): [string, string] | undefined {
  const match = /\r?\n\r?\n/.exec(text);
  if (!match) return undefined;
  const end = match.index + match[0].length;
  return [text.slice(0, end), text.slice(end)];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Parses multipart user data; undefined when the text is not a MIME multipart document. */
export function parseMultipart(text: string): MimeDocument | undefined {
  if (!/^(MIME-Version|Content-Type)\s*:/i.test(text)) return undefined;
  const split = splitHeaderBlock(text);
  if (!split) return undefined;
  const [head, body] = split;
  const { type, boundary } = parseContentType(headerValue(parseHeaderFields(head), 'content-type'));
  if (!type.startsWith('multipart/') || !boundary) return undefined;
  const newline = head.includes('\r\n') ? '\r\n' : '\n';

  // Delimiter lines start a line and may carry trailing white space (RFC 2046 section 5.1.1).
  const delimiter = new RegExp(`^--${escapeRegExp(boundary)}(--)?[ \\t]*(?:\\r?\\n|$)`, 'gm');
  const found: { index: number; end: number; closes: boolean }[] = [];
  for (let match = delimiter.exec(body); match; match = delimiter.exec(body)) {
    found.push({ index: match.index, end: match.index + match[0].length, closes: match[1] !== undefined });
    if (match[1] !== undefined) break;
  }
  const first = found[0];
  if (!first || first.closes) return { head, boundary, preamble: body, parts: [], closing: '', newline };

  const parts: MimePart[] = [];
  let closing = '';
  for (let i = 0; i < found.length; i++) {
    const current = found[i]!;
    if (current.closes) {
      closing = body.slice(current.index);
      break;
    }
    const next = found[i + 1];
    const raw = body.slice(current.end, next ? next.index : body.length);
    parts.push(parsePart(body.slice(current.index, current.end), raw));
  }
  return { head, boundary, preamble: body.slice(0, first.index), parts, closing, newline };
}

function parsePart(delimiter: string, raw: string): MimePart {
  // A part that starts with a blank line has no headers and is text/plain (RFC 2046 section 5.1.1).
  const split = /^\r?\n/.test(raw) ? undefined : splitHeaderBlock(raw);
  const headerBlock = split ? split[0] : '';
  const rawBody = split ? split[1] : raw.replace(/^\r?\n/, '');
  const prefix = split ? '' : raw.slice(0, raw.length - rawBody.length);
  const fields = parseHeaderFields(headerBlock);
  const encoding = headerValue(fields, 'content-transfer-encoding')?.toLowerCase();
  return {
    delimiter,
    headerBlock: headerBlock + prefix,
    rawBody,
    contentType: parseContentType(headerValue(fields, 'content-type')).type,
    ...(encoding !== undefined ? { transferEncoding: encoding } : {}),
  };
}

export function serializeMultipart(document: MimeDocument): string {
  return (
    document.head +
    document.preamble +
    document.parts.map((part) => part.delimiter + part.headerBlock + part.rawBody).join('') +
    document.closing
  );
}

/** The body as text, undoing base64 transfer encoding; undefined for encodings drydock does not edit. */
export function decodePartBody(part: MimePart): string | undefined {
  switch (part.transferEncoding) {
    case undefined:
    case '7bit':
    case '8bit':
    case 'binary':
      return part.rawBody;
    case 'base64':
      return Buffer.from(part.rawBody.replace(/\s+/g, ''), 'base64').toString('utf8');
    default:
      return undefined;
  }
}

/**
 * User data as a person reads it, for diffs: the base64 parts of a multipart document decoded in place. Re-encoding a
 * base64 part after an edit changes every 76-column line from the edit on, so a diff of the encoded text would show
 * (encoded, but readable by anyone) the lines around the edit; decoded, only the changed lines differ.
 */
export function readableUserData(text: string): string {
  const document = parseMultipart(text);
  if (!document) return text;
  const parts = document.parts.map((part) => {
    if (part.transferEncoding !== 'base64') return part;
    const body = decodePartBody(part)!;
    return { ...part, rawBody: body.endsWith('\n') ? body : body + document.newline };
  });
  return serializeMultipart({ ...document, parts });
}

/** A copy of `part` with a new body, encoded the way the part was (base64 stays base64, in 76-column lines). */
export function withPartBody(part: MimePart, text: string, newline: string): MimePart {
  if (part.transferEncoding !== 'base64') return { ...part, rawBody: text };
  const encoded = Buffer.from(text, 'utf8').toString('base64');
  const lines = encoded.match(/.{1,76}/g) ?? [];
  return { ...part, rawBody: lines.join(newline) + newline };
}

/** A new part with a Content-Type header and a body ending in a line break. */
export function newPart(boundary: string, contentType: string, body: string, newline: string): MimePart {
  const text = body.endsWith('\n') ? body : body + newline;
  return {
    delimiter: `--${boundary}${newline}`,
    headerBlock: `Content-Type: ${contentType}${newline}${newline}`,
    rawBody: newline === '\r\n' ? text.replace(/\r?\n/g, '\r\n') : text,
    contentType: contentType.split(';')[0]!.trim().toLowerCase(),
  };
}

/** Appends parts before the closing delimiter, keeping every existing byte. */
export function appendParts(document: MimeDocument, added: readonly MimePart[]): MimeDocument {
  const parts = [...document.parts];
  const last = parts.at(-1);
  // The line break before a delimiter belongs to the delimiter; make sure one is there before the new part's.
  if (last && !last.rawBody.endsWith('\n')) parts[parts.length - 1] = { ...last, rawBody: last.rawBody + document.newline };
  const preamble =
    parts.length === 0 && document.preamble !== '' && !document.preamble.endsWith('\n')
      ? document.preamble + document.newline
      : document.preamble;
  const closing = document.closing === '' ? `--${document.boundary}--${document.newline}` : document.closing;
  return { ...document, preamble, parts: [...parts, ...added], closing };
}

/** A boundary that occurs nowhere in the given texts. */
export function freshBoundary(texts: readonly string[]): string {
  for (let n = 0; ; n++) {
    const boundary = n === 0 ? '==DRYDOCK==' : `==DRYDOCK-${n}==`;
    if (!texts.some((text) => text.includes(boundary))) return boundary;
  }
}

/** A new multipart document holding the given parts. */
export function buildMultipart(parts: readonly { contentType: string; body: string }[], newline: '\n' | '\r\n' = '\n'): string {
  const boundary = freshBoundary(parts.map((part) => part.body));
  const document: MimeDocument = {
    head: `MIME-Version: 1.0${newline}Content-Type: multipart/mixed; boundary="${boundary}"${newline}${newline}`,
    boundary,
    preamble: '',
    parts: parts.map((part) => newPart(boundary, part.contentType, part.body, newline)),
    closing: `--${boundary}--${newline}`,
    newline,
  };
  return serializeMultipart(document);
}
