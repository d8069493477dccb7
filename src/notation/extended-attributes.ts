import {
  AWS_SIGNER_PLUGIN_EMULATED_VERSION,
  AWS_SIGNER_PLUGIN_NAME,
  AWS_SIGNER_PROCESSED_ATTRIBUTES,
} from './aws-signer.js';
import { HEADER, type JwsEnvelope } from './envelope-jws.js';

/**
 * Extended signed attributes. A signature may demand a verification plugin (io.cncf.notary.verificationPlugin), whose
 * logic a verifier must run or else fail: drydock carries the AWS Signer plugin's logic and nothing else. Any other
 * attribute marked critical must be understood by someone; with no plugin to hand it to, it fails verification
 * (RFC 7515 §4.1.11; notation passes such signatures when no plugin is named, the specification does not).
 */
export type ExtendedAttributeVerdict =
  | { readonly ok: true; readonly plugin: 'none' | 'awsSigner'; readonly message: string }
  | { readonly ok: false; readonly message: string };

const PLUGIN_HEADERS: readonly string[] = [HEADER.verificationPlugin, HEADER.verificationPluginMinVersion];

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+[0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*)?$/;

/** Semantic version precedence (semver.org §11); both inputs must match SEMVER. */
export function compareSemver(a: string, b: string): number {
  const [, aMajor, aMinor, aPatch, aPre] = SEMVER.exec(a)!;
  const [, bMajor, bMinor, bPatch, bPre] = SEMVER.exec(b)!;
  for (const [x, y] of [[aMajor, bMajor], [aMinor, bMinor], [aPatch, bPatch]] as const) {
    const difference = Number(x) - Number(y);
    if (difference !== 0) return Math.sign(difference);
  }
  if (aPre === undefined || bPre === undefined) return aPre === bPre ? 0 : aPre === undefined ? 1 : -1;
  const aParts = aPre.split('.');
  const bParts = bPre.split('.');
  for (let i = 0; i < Math.max(aParts.length, bParts.length); i++) {
    const x = aParts[i];
    const y = bParts[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const xNumeric = /^\d+$/.test(x);
    const yNumeric = /^\d+$/.test(y);
    if (xNumeric && yNumeric && Number(x) !== Number(y)) return Math.sign(Number(x) - Number(y));
    if (xNumeric !== yNumeric) return xNumeric ? -1 : 1;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

export function evaluateExtendedAttributes(envelope: JwsEnvelope): ExtendedAttributeVerdict {
  const attributes = new Map(envelope.extendedAttributes.map((attribute) => [attribute.key, attribute]));
  const plugin = attributes.get(HEADER.verificationPlugin);
  if (!plugin) {
    const unknownCritical = envelope.extendedAttributes.filter((attribute) => attribute.critical);
    if (unknownCritical.length > 0) {
      return {
        ok: false,
        message: `the signature marks attribute(s) ${unknownCritical.map((a) => `"${a.key}"`).join(', ')} as critical, which no verifier here understands; such a signature needs the verifier or plugin that defines them`,
      };
    }
    return { ok: true, plugin: 'none', message: 'no verification plugin is required and no unknown critical attribute is present' };
  }
  if (!plugin.critical) {
    return { ok: false, message: `"${HEADER.verificationPlugin}" must be a critical attribute; the signature is malformed` };
  }
  if (typeof plugin.value !== 'string' || plugin.value.trim() === '') {
    return { ok: false, message: `"${HEADER.verificationPlugin}" is empty or not a string; the signature is malformed` };
  }
  if (plugin.value !== AWS_SIGNER_PLUGIN_NAME) {
    return {
      ok: false,
      message: `the signature requires verification plugin "${plugin.value}", which is not available: only the AWS Signer plugin (${AWS_SIGNER_PLUGIN_NAME}) is built in. Verify it with notation and that plugin installed, or use a signature from a supported signer`,
    };
  }
  const minVersion = attributes.get(HEADER.verificationPluginMinVersion);
  if (minVersion) {
    if (!minVersion.critical || typeof minVersion.value !== 'string' || !SEMVER.test(minVersion.value)) {
      return { ok: false, message: `"${HEADER.verificationPluginMinVersion}" must be a critical semantic version; the signature is malformed` };
    }
    if (compareSemver(AWS_SIGNER_PLUGIN_EMULATED_VERSION, minVersion.value) < 0) {
      return {
        ok: false,
        message: `the signature needs AWS Signer plugin version ${minVersion.value} or later; the built-in emulation implements version ${AWS_SIGNER_PLUGIN_EMULATED_VERSION}`,
      };
    }
  }
  if (envelope.signingScheme !== 'notary.x509.signingAuthority') {
    return { ok: false, message: `AWS Signer signatures use the notary.x509.signingAuthority scheme; this one uses ${envelope.signingScheme}` };
  }
  // As with the real plugin, every extended attribute (critical or not) must be one the plugin processes.
  const unprocessed = envelope.extendedAttributes.filter(
    (attribute) => !PLUGIN_HEADERS.includes(attribute.key) && !AWS_SIGNER_PROCESSED_ATTRIBUTES.includes(attribute.key),
  );
  if (unprocessed.length > 0) {
    return {
      ok: false,
      message: `extended attribute(s) ${unprocessed.map((a) => `"${a.key}"`).join(', ')} are not processed by the verification plugin "${AWS_SIGNER_PLUGIN_NAME}" (all extended attributes must be processed)`,
    };
  }
  return { ok: true, plugin: 'awsSigner', message: `verification plugin ${AWS_SIGNER_PLUGIN_NAME} (AWS Signer) is built in` };
}
