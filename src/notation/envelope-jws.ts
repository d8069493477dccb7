import { caseVariantKey } from '../core/json-keys.js';
import { isJwsAlgorithm, type JwsAlgorithm } from './algorithms.js';
import { Base64Error, decodeBase64Standard, decodeBase64Url, encodeBase64Url } from './base64url.js';
import { errorMessage } from '../core/errors.js';

/**
 * The JWS envelope of the Notary Project (signature-envelope-jws.md): RFC 7515 flattened JSON serialization with the
 * signed attributes in the protected header and the certificate chain in the unprotected header. This module knows the
 * envelope's shape and header rules; the certificate chain and signature are checked by integrity.ts.
 */
export const JWS_ENVELOPE_MEDIA_TYPE = 'application/jose+json';

export const HEADER = {
  algorithm: 'alg',
  contentType: 'cty',
  critical: 'crit',
  signingScheme: 'io.cncf.notary.signingScheme',
  signingTime: 'io.cncf.notary.signingTime',
  authenticSigningTime: 'io.cncf.notary.authenticSigningTime',
  expiry: 'io.cncf.notary.expiry',
  verificationPlugin: 'io.cncf.notary.verificationPlugin',
  verificationPluginMinVersion: 'io.cncf.notary.verificationPluginMinVersion',
  certificateChain: 'x5c',
  timestampSignature: 'io.cncf.notary.timestampSignature',
  signingAgent: 'io.cncf.notary.signingAgent',
} as const;

/** Protected header members with a meaning of their own; every other member is an extended attribute. */
const STANDARD_PROTECTED_HEADERS: ReadonlySet<string> = new Set([
  HEADER.algorithm,
  HEADER.contentType,
  HEADER.critical,
  HEADER.signingScheme,
  HEADER.signingTime,
  HEADER.authenticSigningTime,
  HEADER.expiry,
]);

export type SigningScheme = 'notary.x509' | 'notary.x509.signingAuthority';
export const SIGNING_SCHEMES: readonly SigningScheme[] = ['notary.x509', 'notary.x509.signingAuthority'];

export interface ExtendedAttribute {
  readonly key: string;
  readonly value: unknown;
  readonly critical: boolean;
}

/** A structurally valid envelope whose header rules hold; its signature is not verified yet. */
export interface JwsEnvelope {
  readonly algorithm: JwsAlgorithm;
  readonly contentType: string;
  readonly signingScheme: SigningScheme;
  /**
   * `io.cncf.notary.signingTime` under notary.x509 (the signer's claim), `io.cncf.notary.authenticSigningTime` under
   * notary.x509.signingAuthority (vouched for by the signing authority).
   */
  readonly signingTime: Date;
  readonly expiry: Date | undefined;
  readonly critical: readonly string[];
  readonly extendedAttributes: readonly ExtendedAttribute[];
  /** DER certificates from x5c, leaf first. */
  readonly certificateChain: readonly Buffer[];
  readonly timestampToken: Buffer | undefined;
  readonly signingAgent: string | undefined;
  readonly payload: Buffer;
  readonly signature: Buffer;
  /** ASCII(BASE64URL(protected) || '.' || BASE64URL(payload)): exactly the bytes the signature covers. */
  readonly signingInput: Buffer;
}

export class InvalidEnvelopeError extends Error {
  override readonly name = 'InvalidEnvelopeError';

  /** `unsupported`: well formed, but in a form drydock does not read (another algorithm or signing scheme). */
  constructor(
    message: string,
    readonly unsupported = false,
  ) {
    super(message);
  }
}

/** RFC 3339 as Go's time package parses it (notation decodes these headers with it): upper-case T and Z only. */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/** Days in a month; the year is moved into 2000-2399, which has the same leap years, since Date.UTC maps 0-99 to 19xx. */
function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(2000 + (year % 400), month, 0)).getUTCDate();
}

function parseTime(value: unknown, header: string): Date {
  const match = typeof value === 'string' ? RFC3339.exec(value) : null;
  if (!match) throw new InvalidEnvelopeError(`protected header "${header}" is not an RFC 3339 time`);
  const field = (index: number): number => Number(match[index] ?? 0);
  const [year, month, day] = [field(1), field(2), field(3)];
  // new Date() would roll February 30 over into March; Go refuses it, as it refuses hour 24 and second 60.
  const dateValid = month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
  const valid = dateValid && field(4) <= 23 && field(5) <= 59 && field(6) <= 59 && field(7) <= 23 && field(8) <= 59;
  const instant = new Date(value as string);
  if (!valid || Number.isNaN(instant.getTime())) throw new InvalidEnvelopeError(`protected header "${header}" is not a valid time`);
  return instant;
}

/** RFC 3339 with whole seconds in UTC, the form notation itself writes (it truncates signing times to seconds). */
export function formatTime(instant: Date): string {
  return new Date(Math.floor(instant.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

function asObject(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidEnvelopeError(`${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

function asString(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new InvalidEnvelopeError(`${what} is not a string`);
  return value;
}

function decodePart(text: string, what: string): Buffer {
  try {
    return decodeBase64Url(text, what);
  } catch (error) {
    if (error instanceof Base64Error) throw new InvalidEnvelopeError(error.message);
    throw error;
  }
}

export function jwsSigningInput(encodedProtected: string, encodedPayload: string): Buffer {
  return Buffer.from(`${encodedProtected}.${encodedPayload}`, 'ascii');
}

/**
 * Parses a JWS envelope and applies the header rules of the specification: known algorithm and signing scheme, the
 * scheme's time attribute (signingTime for notary.x509, authenticSigningTime for signingAuthority, never the other),
 * a crit list naming every required critical header once and otherwise only extended attributes that are present,
 * and an expiry later than the signing time. Throws InvalidEnvelopeError with the broken rule.
 */
export function parseJwsEnvelope(input: Uint8Array | string): JwsEnvelope {
  const text = typeof input === 'string' ? input : Buffer.from(input).toString('utf8');
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new InvalidEnvelopeError('the envelope is not JSON');
  }
  const envelope = asObject(document, 'the envelope');
  const topLevel = Object.keys(envelope);
  const unexpected = topLevel.filter((key) => !['payload', 'protected', 'header', 'signature'].includes(key));
  if (unexpected.length > 0) {
    throw new InvalidEnvelopeError(
      `the envelope has member(s) ${unexpected.map((k) => `"${k}"`).join(', ')}; only the flattened JWS JSON serialization (payload, protected, header, signature) is allowed`,
    );
  }
  const encodedProtected = asString(envelope['protected'], 'the "protected" member');
  const encodedPayload = asString(envelope['payload'], 'the "payload" member');
  const encodedSignature = asString(envelope['signature'], 'the "signature" member');
  const unprotected = asObject(envelope['header'], 'the unprotected "header" member');

  const payload = decodePart(encodedPayload, 'payload');
  const signature = decodePart(encodedSignature, 'signature');
  if (signature.length === 0) throw new InvalidEnvelopeError('the signature is empty');
  let protectedHeader: Record<string, unknown>;
  try {
    protectedHeader = asObject(JSON.parse(decodePart(encodedProtected, 'protected header').toString('utf8')), 'the protected header');
  } catch (error) {
    if (error instanceof InvalidEnvelopeError) throw error;
    throw new InvalidEnvelopeError('the protected header is not JSON');
  }
  // notation-core-go decodes the standard members into a struct, whose keys Go matches without regard to case: it would
  // read "io.cncf.notary.Expiry" as the expiry, where this parser would take it for an extended attribute.
  const variant = caseVariantKey(protectedHeader, [...STANDARD_PROTECTED_HEADERS]);
  if (variant) {
    throw new InvalidEnvelopeError(`the protected header has the key "${variant.key}" beside or instead of "${variant.meant}"; notation reads these keys without regard to case`);
  }

  const algorithm = protectedHeader[HEADER.algorithm];
  if (!isJwsAlgorithm(algorithm)) {
    throw new InvalidEnvelopeError(`signature algorithm "${String(algorithm)}" is not supported (allowed: PS256, PS384, PS512, ES256, ES384, ES512)`, true);
  }
  const contentType = asString(protectedHeader[HEADER.contentType] ?? '', `protected header "${HEADER.contentType}"`);
  const scheme = protectedHeader[HEADER.signingScheme];
  if (scheme !== 'notary.x509' && scheme !== 'notary.x509.signingAuthority') {
    throw new InvalidEnvelopeError(`unsupported signing scheme "${String(scheme)}" (expected notary.x509 or notary.x509.signingAuthority)`, true);
  }
  const signingScheme: SigningScheme = scheme;

  const hasSigningTime = HEADER.signingTime in protectedHeader;
  const hasAuthenticSigningTime = HEADER.authenticSigningTime in protectedHeader;
  let signingTime: Date;
  if (signingScheme === 'notary.x509') {
    if (hasAuthenticSigningTime) {
      throw new InvalidEnvelopeError(`"${HEADER.authenticSigningTime}" header must not be present for notary.x509 signing scheme`);
    }
    if (!hasSigningTime) throw new InvalidEnvelopeError(`"${HEADER.signingTime}" header must be present for notary.x509 signing scheme`);
    signingTime = parseTime(protectedHeader[HEADER.signingTime], HEADER.signingTime);
  } else {
    if (hasSigningTime) {
      throw new InvalidEnvelopeError(`"${HEADER.signingTime}" header must not be present for notary.x509.signingAuthority signing scheme`);
    }
    if (!hasAuthenticSigningTime) {
      throw new InvalidEnvelopeError(`"${HEADER.authenticSigningTime}" header must be present for notary.x509.signingAuthority signing scheme`);
    }
    signingTime = parseTime(protectedHeader[HEADER.authenticSigningTime], HEADER.authenticSigningTime);
  }
  const expiry = HEADER.expiry in protectedHeader ? parseTime(protectedHeader[HEADER.expiry], HEADER.expiry) : undefined;
  if (expiry && expiry.getTime() <= signingTime.getTime()) {
    throw new InvalidEnvelopeError('expiry cannot be equal or before the signing time');
  }

  const critical = validateCritical(protectedHeader, signingScheme, expiry !== undefined);
  const extendedAttributes = Object.entries(protectedHeader)
    .filter(([key]) => !STANDARD_PROTECTED_HEADERS.has(key))
    .map(([key, value]) => ({ key, value, critical: critical.includes(key) }));

  const x5c = unprotected[HEADER.certificateChain];
  if (x5c === undefined || (Array.isArray(x5c) && x5c.length === 0)) {
    throw new InvalidEnvelopeError('the certificate chain (x5c) is missing from the unprotected header');
  }
  if (!Array.isArray(x5c)) throw new InvalidEnvelopeError('x5c is not an array');
  const certificateChain = x5c.map((entry, index) => {
    try {
      return decodeBase64Standard(asString(entry, `x5c[${index}]`), `x5c[${index}]`);
    } catch (error) {
      throw new InvalidEnvelopeError(errorMessage(error));
    }
  });
  const tokenText = unprotected[HEADER.timestampSignature];
  let timestampToken: Buffer | undefined;
  if (tokenText !== undefined) {
    try {
      timestampToken = decodeBase64Standard(asString(tokenText, HEADER.timestampSignature), HEADER.timestampSignature);
    } catch (error) {
      throw new InvalidEnvelopeError(errorMessage(error));
    }
  }
  const agent = unprotected[HEADER.signingAgent];

  return {
    algorithm,
    contentType,
    signingScheme,
    signingTime,
    expiry,
    critical,
    extendedAttributes,
    certificateChain,
    timestampToken,
    // Informational only; other unprotected members (including differently cased ones) are ignored, as notation does.
    signingAgent: typeof agent === 'string' ? agent : undefined,
    payload,
    signature,
    signingInput: jwsSigningInput(encodedProtected, encodedPayload),
  };
}

/**
 * `crit` must exist, must name the signing scheme (and authenticSigningTime / expiry when they apply), and may name
 * only extended attributes that are present. Naming a standard header that is not required critical (e.g. signingTime,
 * alg) or naming a header twice is refused, as in the reference.
 */
function validateCritical(protectedHeader: Record<string, unknown>, scheme: SigningScheme, hasExpiry: boolean): string[] {
  const value = protectedHeader[HEADER.critical];
  if (value === undefined || (Array.isArray(value) && value.length === 0)) {
    throw new InvalidEnvelopeError('missing "crit" header');
  }
  if (!Array.isArray(value) || !value.every((entry) => typeof entry === 'string')) {
    throw new InvalidEnvelopeError('"crit" header is not a list of header names');
  }
  const critical = value as string[];
  const mustBeCritical = new Set<string>([HEADER.signingScheme]);
  if (hasExpiry) mustBeCritical.add(HEADER.expiry);
  if (scheme === 'notary.x509.signingAuthority') mustBeCritical.add(HEADER.authenticSigningTime);
  const seen = new Set<string>();
  for (const name of critical) {
    if (seen.has(name)) throw new InvalidEnvelopeError(`"${name}" is listed more than once in "crit"`);
    seen.add(name);
    if (mustBeCritical.delete(name)) continue;
    if (!Object.hasOwn(protectedHeader, name)) throw new InvalidEnvelopeError(`"${name}" header is marked critical but not present`);
    if (STANDARD_PROTECTED_HEADERS.has(name)) throw new InvalidEnvelopeError(`"${name}" header must not be marked critical`);
  }
  if (mustBeCritical.size > 0) {
    throw new InvalidEnvelopeError(`these required headers are not marked as critical: ${[...mustBeCritical].map((k) => `"${k}"`).join(', ')}`);
  }
  return critical;
}

/** Produces signatures for the envelope builder; the private key may live anywhere (memory, KMS, a signing service). */
export interface JwsSigner {
  readonly algorithm: JwsAlgorithm;
  /** DER certificates, leaf first, root last. */
  readonly certificateChain: readonly Uint8Array[];
  sign(signingInput: Buffer): Promise<Uint8Array> | Uint8Array;
}

export interface BuildJwsEnvelopeOptions {
  readonly payload: Uint8Array;
  readonly payloadContentType: string;
  readonly signer: JwsSigner;
  readonly signingScheme: SigningScheme;
  /** Written as signingTime (notary.x509) or authenticSigningTime (signingAuthority), truncated to seconds. */
  readonly signingTime: Date;
  readonly expiry?: Date;
  readonly extendedAttributes?: readonly ExtendedAttribute[];
  readonly signingAgent?: string;
}

/** Builds and signs a JWS envelope; returns its JSON bytes. */
export async function buildJwsEnvelope(options: BuildJwsEnvelopeOptions): Promise<Buffer> {
  const { signingScheme, signer } = options;
  const signingTimeText = formatTime(options.signingTime);
  const expiryText = options.expiry ? formatTime(options.expiry) : undefined;
  if (expiryText && new Date(expiryText).getTime() <= new Date(signingTimeText).getTime()) {
    throw new InvalidEnvelopeError('expiry must be later than the signing time');
  }
  const extended = options.extendedAttributes ?? [];
  for (const attribute of extended) {
    if (STANDARD_PROTECTED_HEADERS.has(attribute.key)) {
      throw new InvalidEnvelopeError(`extended attribute "${attribute.key}" collides with a standard protected header`);
    }
  }
  const critical: string[] = [HEADER.signingScheme];
  if (signingScheme === 'notary.x509.signingAuthority') critical.push(HEADER.authenticSigningTime);
  if (expiryText) critical.push(HEADER.expiry);
  critical.push(...extended.filter((attribute) => attribute.critical).map((attribute) => attribute.key));

  const protectedHeader: Record<string, unknown> = {
    [HEADER.algorithm]: signer.algorithm,
    [HEADER.contentType]: options.payloadContentType,
    [HEADER.critical]: critical,
    [HEADER.signingScheme]: signingScheme,
    [signingScheme === 'notary.x509' ? HEADER.signingTime : HEADER.authenticSigningTime]: signingTimeText,
  };
  if (expiryText) protectedHeader[HEADER.expiry] = expiryText;
  for (const attribute of extended) protectedHeader[attribute.key] = attribute.value;

  const encodedProtected = encodeBase64Url(Buffer.from(JSON.stringify(protectedHeader), 'utf8'));
  const encodedPayload = encodeBase64Url(options.payload);
  const signature = await signer.sign(jwsSigningInput(encodedProtected, encodedPayload));
  const header: Record<string, unknown> = {
    [HEADER.certificateChain]: signer.certificateChain.map((der) => Buffer.from(der).toString('base64')),
  };
  if (options.signingAgent) header[HEADER.signingAgent] = options.signingAgent;
  return Buffer.from(
    JSON.stringify({ payload: encodedPayload, protected: encodedProtected, header, signature: encodeBase64Url(signature) }),
    'utf8',
  );
}
