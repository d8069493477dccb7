import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { ADMISSION_ENGINES, type AdmissionPolicySettings } from '../../admission/render.js';
import { ConfigurationError, invalidInput } from '../../core/errors.js';
import { InputReader } from '../../core/inputs.js';
import { parseVerifySignatureInputs } from '../verify-signature/inputs.js';

/** Everything admission-policy does, decided from its inputs before anything is written. */
export interface AdmissionPolicyCommandSettings extends AdmissionPolicySettings {
  /** Where the YAML is written (absolute). */
  readonly output: string;
}

/** The inputs shared with verify-signature: same names, same rules, same messages. */
const TRUST_INPUTS = ['trusted-identities', 'trust-policy', 'trust-store', 'verification-level', 'revocation-check'] as const;
const NAME = /^[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?$/;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
export const DEFAULT_PREFIX = 'drydock';
export const DEFAULT_OUTPUT = 'admission-policy.yaml';

/**
 * The trust inputs, read by verify-signature's own parser so CI and the cluster get one policy from one set of rules.
 * That parser also requires its `images` input, which has no meaning here: a placeholder stands in (as in
 * deploy-aks-or-eks's verification gate).
 */
function parseTrust(inputs: InputReader): Pick<AdmissionPolicySettings, 'trustPolicy' | 'trustStore'> {
  const trust = inputs.subset(TRUST_INPUTS, new Map([['images', 'placeholder.invalid/admission-policy:placeholder']]));
  const { trustPolicy, trustStore } = parseVerifySignatureInputs(trust);
  return { trustPolicy, trustStore };
}

export function parseAdmissionPolicyInputs(inputs: InputReader): AdmissionPolicyCommandSettings {
  const engine = inputs.oneOf('engine', ADMISSION_ENGINES);
  if (engine === undefined) throw new ConfigurationError("Input 'engine' is required. Set it to kyverno (with the kyverno-notation-aws extension) or ratify.");
  const trust = parseTrust(inputs);
  const prefix = inputs.string('name', DEFAULT_PREFIX);
  if (!NAME.test(prefix)) {
    throw invalidInput('name', prefix, 'is not a valid name prefix', "Use up to 40 lower-case letters, digits and '-', starting and ending with a letter or digit");
  }
  const namespaces = [...new Set(inputs.list('namespaces'))];
  for (const namespace of namespaces) {
    if (!NAMESPACE.test(namespace)) {
      throw invalidInput('namespaces', namespace, 'is not a valid namespace name', "Use up to 63 lower-case letters, digits and '-', starting and ending with a letter or digit");
    }
  }
  if (namespaces.length > 0 && engine === 'ratify') {
    throw new ConfigurationError("Input 'namespaces' applies to engine kyverno only; Ratify's scope is set by its Gatekeeper constraint. Remove namespaces.");
  }
  const outputText = inputs.string('output', DEFAULT_OUTPUT);
  const output = path.resolve(inputs.baseDir, outputText);
  if (!existsSync(path.dirname(output)) || !statSync(path.dirname(output)).isDirectory()) {
    throw invalidInput('output', outputText, `is in ${path.dirname(output)}, which is not a directory`, 'Create the directory first, or write the file elsewhere');
  }
  if (existsSync(output) && statSync(output).isDirectory()) {
    throw invalidInput('output', outputText, 'is a directory', 'Name the file to write, such as admission-policy.yaml');
  }
  return { engine, ...trust, prefix, namespaces, output };
}
