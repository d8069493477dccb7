import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ActionContext } from '../../core/action.js';
import { ConfigurationError, invalidInput } from '../../core/errors.js';
import { readInputFile, type InputReader } from '../../core/inputs.js';
import { bundledAwsSignerTrustStore } from '../../notation/aws-signer-roots.js';
import { parseSignerArn, signerArnRegionProblem, type SignerArn } from '../../notation/aws-signer.js';
import { isReservedAnnotation } from '../../notation/payload.js';
import { createLocalSigner, type LocalSigner } from '../../notation/sign.js';
import { parseImages, parseRegistryEndpoint, type ImageInput } from '../shared/image-registries.js';

/** Everything notation-sign does, decided from its inputs before anything remote happens. */
export interface NotationSignSettings {
  readonly images: readonly ImageInput[];
  readonly signer: AwsSignerSettings | LocalKeySettings;
  /** User metadata signed into every payload. */
  readonly annotations: Readonly<Record<string, string>>;
  readonly registryEndpoint?: URL;
  readonly concurrency: number;
  readonly forceReferrersTag: boolean;
  /** Sign even when a valid signature by the same signer already exists. */
  readonly force: boolean;
}

export interface AwsSignerSettings {
  readonly kind: 'aws-signer';
  readonly profile: SignerArn;
  /** Where SignPayload is called: the `region` input, else the profile ARN's region. */
  readonly region: string;
}

export interface LocalKeySettings {
  readonly kind: 'local-key';
  /** Key and chain already checked against each other (and the chain against the specification's rules). */
  readonly signer: LocalSigner;
}

const PROFILE_ARN_FORM = 'arn:aws:signer:<region>:<account>:/signing-profiles/<name>';

export function parseSigningProfileArn(name: string, value: string): SignerArn {
  const arn = parseSignerArn(value);
  if (!arn) {
    const region = signerArnRegionProblem(value);
    throw invalidInput(name, value, `is not an AWS Signer signing profile ARN${region ? `: ${region}` : ''}`, `Use the profile's ARN, ${PROFILE_ARN_FORM}, as the AWS Signer console shows it`);
  }
  if (arn.kind === 'signingProfileVersion') {
    const profile = value.slice(0, value.lastIndexOf('/'));
    throw invalidInput(name, value, 'names a signing profile version; SignPayload signs with a profile', `Drop the version: '${profile}'`);
  }
  if (arn.kind !== 'signingProfile') {
    throw invalidInput(name, value, 'is a signing profile alias ARN, which SignPayload cannot sign with', `Use the profile's ARN, ${PROFILE_ARN_FORM}`);
  }
  if (!bundledAwsSignerTrustStore(arn.partition)) {
    throw invalidInput(
      name,
      value,
      `is in partition ${arn.partition}, for which drydock bundles no AWS Signer root to check the returned signatures against`,
      'Sign in the aws or aws-us-gov partition',
    );
  }
  return arn;
}

const PEM_PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;

/**
 * `key`: a PEM private key (usually from a secret) or the path of a PEM file. The key is masked as soon as it is read. A
 * path is not masked, so that log lines naming it stay readable; a value that is neither is masked all the same (most
 * likely a secret that lost its PEM armour on the way) and never shown in the message.
 */
function readPrivateKey(inputs: InputReader, context: Pick<ActionContext, 'secrets'>): string | undefined {
  const value = inputs.secret('key');
  if (value === undefined) return undefined;
  if (PEM_PRIVATE_KEY.test(value)) return context.secrets.add(value);
  // A path from a YAML block (`key: |`) ends with a newline; one inside it means this was never a path.
  const shown = value.trim();
  const file = path.resolve(inputs.baseDir, shown);
  if (!shown.includes('\n') && existsSync(file) && statSync(file).isFile()) return context.secrets.add(readInputFile('key', file, shown));
  context.secrets.add(value);
  throw new ConfigurationError(
    "Input 'key' is neither a PEM private key nor the path of an existing file (the value is not shown, since it may be a secret). Pass the PEM key from a secret, such as key: ${{ secrets.SIGNING_KEY }}, or the path of a PEM key file.",
  );
}

/**
 * `certificate-chain`: PEM certificates inline, or the path of a PEM file. A private key in it (pasted into the wrong
 * input, or a file bundling key and certificates) is masked and refused; a value spanning lines is never shown, since
 * it was meant to be PEM and may hold anything.
 */
function readCertificateChain(inputs: InputReader, context: Pick<ActionContext, 'secrets'>): string | undefined {
  const value = inputs.optional('certificate-chain');
  if (value === undefined) return undefined;
  if (PEM_PRIVATE_KEY.test(value)) {
    context.secrets.add(value);
    throw new ConfigurationError(
      "Input 'certificate-chain' holds a private key (not shown; it is masked). Give the private key in 'key', from a secret, and only the certificates in certificate-chain.",
    );
  }
  if (value.includes('-----BEGIN CERTIFICATE-----')) return value;
  const shown = value.trim();
  const fix = `Give the PEM certificates (signing certificate first, root last) inline or as a file; relative paths start at ${inputs.baseDir}`;
  if (shown.includes('\n') || shown.includes('-----')) {
    throw new ConfigurationError(`Input 'certificate-chain' is neither PEM certificates nor the path of an existing file (the value is not shown: it spans lines or holds PEM armour). ${fix}.`);
  }
  const file = path.resolve(inputs.baseDir, shown);
  if (!existsSync(file) || !statSync(file).isFile()) throw invalidInput('certificate-chain', value, 'is neither PEM certificates nor the path of an existing file', fix);
  const content = readInputFile('certificate-chain', file, shown);
  if (PEM_PRIVATE_KEY.test(content)) {
    context.secrets.add(content);
    throw invalidInput('certificate-chain', shown, 'is a file that holds a private key besides certificates', "Keep the key in its own file or secret for 'key', and give a file of the certificates only");
  }
  return content;
}

/** `annotations`: one `key=value` per line (values may contain commas, so lines are the only separator). */
export function parseAnnotations(inputs: InputReader, name = 'annotations'): Record<string, string> {
  // A Map, not an object literal: a key such as __proto__ must be an annotation like any other, not the prototype.
  const annotations = new Map<string, string>();
  for (const line of inputs.lines(name)) {
    const equals = line.indexOf('=');
    if (equals <= 0) throw invalidInput(name, line, 'is not a key=value pair', 'Write one key=value per line, such as org.example.build-id=1234');
    const key = line.slice(0, equals).trim();
    if (isReservedAnnotation(key)) {
      throw invalidInput(name, line, "uses the reserved key prefix 'io.cncf.notary'", 'Choose a key of your own, such as org.example.build-id');
    }
    if (annotations.has(key)) throw invalidInput(name, line, `sets '${key}' a second time`, 'Give every key once');
    const value = line.slice(equals + 1).trim();
    // notation refuses an empty value too; here it is most often a workflow expression that came out empty.
    if (value === '') throw invalidInput(name, line, `gives '${key}' no value`, 'Give it a value, or check that the expression that should fill it is set');
    annotations.set(key, value);
  }
  return Object.fromEntries(annotations);
}

function parseSigner(inputs: InputReader, context: Pick<ActionContext, 'secrets'>): AwsSignerSettings | LocalKeySettings {
  const profileValue = inputs.optional('signing-profile-arn');
  const region = inputs.region('region');
  const keyPem = readPrivateKey(inputs, context);
  const chainPem = readCertificateChain(inputs, context);
  if (profileValue !== undefined && keyPem !== undefined) {
    throw new ConfigurationError(
      "Inputs 'signing-profile-arn' and 'key' are both set. Sign with AWS Signer (signing-profile-arn) or with a local key (key and certificate-chain), not both.",
    );
  }
  if (profileValue !== undefined) {
    if (chainPem !== undefined) {
      throw new ConfigurationError("Input 'certificate-chain' is set with 'signing-profile-arn', but AWS Signer supplies its own certificate chain. Remove certificate-chain.");
    }
    const profile = parseSigningProfileArn('signing-profile-arn', profileValue);
    return { kind: 'aws-signer', profile, region: region ?? profile.region };
  }
  if (keyPem === undefined) {
    if (chainPem !== undefined) {
      throw new ConfigurationError("Input 'certificate-chain' is set without 'key'. Give the private key of its signing certificate in 'key' (from a secret).");
    }
    throw new ConfigurationError(
      "Input 'signing-profile-arn' or 'key' is required. Set signing-profile-arn to sign with AWS Signer, or key and certificate-chain to sign with a local key.",
    );
  }
  if (chainPem === undefined) {
    throw new ConfigurationError("Input 'certificate-chain' is required with 'key'. Give the PEM certificates, signing certificate first and root last, inline or as a file path.");
  }
  if (region !== undefined) {
    throw new ConfigurationError("Input 'region' applies to AWS Signer only, and this step signs with a local key. Remove region.");
  }
  try {
    return { kind: 'local-key', signer: createLocalSigner({ privateKeyPem: keyPem, certificateChainPem: chainPem }) };
  } catch (error) {
    throw error instanceof ConfigurationError ? new ConfigurationError(namingInputs(error.message)) : error;
  }
}

/** createLocalSigner speaks of "signing key" and "certificate chain"; here those are the inputs key and certificate-chain. */
function namingInputs(message: string): string {
  const prefixes: Array<[string, string]> = [
    ['Signing key and certificate chain do not match: ', "Inputs 'key' and 'certificate-chain' do not match: "],
    ['Signing key: ', "Input 'key': "],
    ['Certificate chain: ', "Input 'certificate-chain': "],
  ];
  const found = prefixes.find(([prefix]) => message.startsWith(prefix));
  return found ? found[1] + message.slice(found[0].length) : message;
}

export function parseNotationSignInputs(inputs: InputReader, context: Pick<ActionContext, 'secrets'>): NotationSignSettings {
  const images = parseImages(inputs);
  const signer = parseSigner(inputs, context);
  const annotations = parseAnnotations(inputs);
  const registryEndpoint = parseRegistryEndpoint(inputs, images);
  return {
    images,
    signer,
    annotations,
    concurrency: inputs.integer('concurrency', 8, 1, 32),
    forceReferrersTag: inputs.boolean('force-referrers-tag', false),
    force: inputs.boolean('force', false),
    ...(registryEndpoint ? { registryEndpoint } : {}),
  };
}
