import { createHash, sign } from 'node:crypto';
import { parseCertificate } from '../../../src/notation/index.js';
import { tlv } from './der-writer.js';
import { privateKeyOf, type IssuedCertificate, type KeyName } from './test-pki.js';

/**
 * A test timestamp authority: builds RFC 3161 timestamp tokens (CMS SignedData over a TSTInfo) with a small DER
 * writer, so timestamp verification can be tested beyond the three GlobalSign tokens of the peer vectors.
 */
const sequence = (...contents: Buffer[]) => tlv(0x30, ...contents);
const set = (...contents: Buffer[]) => tlv(0x31, ...contents);
const octets = (bytes: Buffer) => tlv(0x04, bytes);
const explicit = (n: number, ...contents: Buffer[]) => tlv(0xa0 | n, ...contents);

function oid(text: string): Buffer {
  const [first, second, ...rest] = text.split('.').map(Number);
  const bytes = [first! * 40 + second!];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let value = arc >> 7; value > 0; value >>= 7) chunk.unshift(0x80 | (value & 0x7f));
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

function integer(hexOrNumber: string | number): Buffer {
  let hex = typeof hexOrNumber === 'number' ? hexOrNumber.toString(16) : hexOrNumber;
  if (hex.length % 2) hex = `0${hex}`;
  let bytes = Buffer.from(hex, 'hex');
  if (bytes[0]! & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return tlv(0x02, bytes);
}

function generalizedTime(instant: Date): Buffer {
  return tlv(0x18, Buffer.from(`${instant.toISOString().replace(/[-:T]/g, '').replace(/\.\d{3}Z$/, 'Z')}`, 'latin1'));
}

const SHA256 = '2.16.840.1.101.3.4.2.1';
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest();

export interface TimestampTokenOptions {
  /** The TSA signing certificate (timeStamping EKU) and its chain up to, and including, the root. */
  readonly tsaChain: readonly IssuedCertificate[];
  /** The value timestamped: the JWS signature bytes. */
  readonly signature: Buffer;
  readonly genTime: Date;
  readonly accuracySeconds?: number;
  /** Corrupt the messageDigest signed attribute (the TSA signature still verifies over the attributes). */
  readonly wrongMessageDigest?: boolean;
  /** Sign with another key than the TSA certificate's. */
  readonly signingKey?: KeyName;
  /**
   * The SignerInfo's signatureAlgorithm OID and the hash the attributes are signed with (null: the key's own, for
   * Ed25519). Default: sha256WithRSAEncryption for an RSA key, else ecdsa-with-SHA256.
   */
  readonly signatureAlgorithm?: { readonly oid: string; readonly hash: string | null };
  /**
   * How the token carries the signed attributes (they are signed as DER whatever this is): 'der' (default), BER with
   * indefinite lengths, or BER with long-form lengths where DER has short ones.
   */
  readonly signedAttributesEncoding?: 'der' | 'ber-indefinite' | 'ber-long-lengths';
}

/** `tag` and `contents` as BER: an indefinite length, or a 4-octet long-form one whatever the size. */
function berElement(tag: number, encoding: 'ber-indefinite' | 'ber-long-lengths', ...contents: Buffer[]): Buffer {
  const content = Buffer.concat(contents);
  if (encoding === 'ber-indefinite') return Buffer.concat([Buffer.from([tag, 0x80]), content, Buffer.from([0, 0])]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(content.length);
  return Buffer.concat([Buffer.from([tag, 0x84]), length, content]);
}

export function timestampToken(options: TimestampTokenOptions): Buffer {
  const tsa = options.tsaChain[0]!;
  const parsedTsa = parseCertificate(tsa.der);
  const accuracy = options.accuracySeconds === undefined ? [] : [sequence(integer(options.accuracySeconds))];
  const tstInfo = sequence(
    integer(1),
    oid('1.3.6.1.4.1.99999.1'),
    sequence(sequence(oid(SHA256), tlv(0x05)), octets(sha256(options.signature))),
    integer('0a1b2c3d'),
    generalizedTime(options.genTime),
    ...accuracy,
  );
  const digest = options.wrongMessageDigest ? sha256(Buffer.from('something else')) : sha256(tstInfo);
  const attributeParts = [
    [oid('1.2.840.113549.1.9.3'), set(oid('1.2.840.113549.1.9.16.1.4'))],
    [oid('1.2.840.113549.1.9.4'), set(octets(digest))],
    [oid('1.2.840.113549.1.9.16.2.47'), set(sequence(sequence(sequence(octets(sha256(tsa.der))))))],
  ];
  const attributes = attributeParts.map((parts) => sequence(...parts));
  const signingKey = options.signingKey ? privateKeyOf(options.signingKey) : (tsa.privateKey ?? privateKeyOf(tsa.key));
  const algorithm = options.signatureAlgorithm ?? { oid: signingKey.asymmetricKeyType === 'rsa' ? '1.2.840.113549.1.1.11' : '1.2.840.10045.4.3.2', hash: 'sha256' };
  const signatureValue = sign(algorithm.hash, set(...attributes), signingKey);
  const signatureOid = algorithm.oid;
  const encoding = options.signedAttributesEncoding ?? 'der';
  const signedAttributes =
    encoding === 'der' ? explicit(0, ...attributes) : berElement(0xa0, encoding, ...attributeParts.map((parts) => berElement(0x30, encoding, ...parts)));
  const signerInfo = sequence(
    integer(1),
    sequence(parsedTsa.rawIssuer, integer(parsedTsa.x509.serialNumber)),
    sequence(oid(SHA256), tlv(0x05)),
    signedAttributes,
    sequence(oid(signatureOid)),
    octets(signatureValue),
  );
  const signedData = sequence(
    integer(3),
    set(sequence(oid(SHA256), tlv(0x05))),
    sequence(oid('1.2.840.113549.1.9.16.1.4'), explicit(0, octets(tstInfo))),
    explicit(0, ...options.tsaChain.map((certificate) => certificate.der)),
    set(signerInfo),
  );
  return sequence(oid('1.2.840.113549.1.7.2'), explicit(0, signedData));
}

/** Adds a timestamp token over the envelope's own signature to its unprotected header. */
export function withTimestamp(envelope: Buffer, token: (signature: Buffer) => Buffer): Buffer {
  const document = JSON.parse(envelope.toString('utf8'));
  document.header['io.cncf.notary.timestampSignature'] = token(Buffer.from(document.signature, 'base64url')).toString('base64');
  return Buffer.from(JSON.stringify(document));
}
