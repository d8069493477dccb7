/**
 * Strict base64 codecs. JWS (RFC 7515 §2) uses base64url WITHOUT padding for its three parts, and the signature covers
 * the exact text of the protected header and payload: a decoder that tolerates padding or stray characters would accept
 * an envelope whose signing input differs from the text that was signed. Node's own 'base64url' decoder is lenient
 * (it accepts '=' and skips unknown characters), so both directions are checked here.
 */

const BASE64URL_NO_PADDING = /^[A-Za-z0-9_-]*$/;
const BASE64_STANDARD = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export class Base64Error extends Error {
  override readonly name = 'Base64Error';
}

export function encodeBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

/** Decodes unpadded base64url; rejects padding, characters outside the alphabet and non-canonical trailing bits. */
export function decodeBase64Url(text: string, what: string): Buffer {
  if (!BASE64URL_NO_PADDING.test(text)) {
    throw new Base64Error(`${what} is not unpadded base64url (RFC 7515 requires no '=' padding and only A-Z a-z 0-9 - _)`);
  }
  if (text.length % 4 === 1) throw new Base64Error(`${what} has an impossible base64url length`);
  const decoded = Buffer.from(text, 'base64url');
  // A non-canonical encoding (non-zero unused bits) decodes to the same bytes as another text: reject it so that one
  // byte string has exactly one accepted text.
  if (decoded.toString('base64url') !== text) throw new Base64Error(`${what} is not canonical base64url`);
  return decoded;
}

/** Decodes standard base64 with the required '=' padding (x5c entries and the timestamp token, RFC 7515 §4.1.6). */
export function decodeBase64Standard(text: string, what: string): Buffer {
  if (!BASE64_STANDARD.test(text)) {
    throw new Base64Error(`${what} is not standard padded base64`);
  }
  return Buffer.from(text, 'base64');
}
