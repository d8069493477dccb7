import { writeFile } from 'node:fs/promises';
import { renderAdmissionResources, renderYaml } from '../../admission/render.js';
import { describeObject, type KubeObject } from '../../admission/resources.js';
import type { ActionContext, ActionDefinition } from '../../core/action.js';
import { invalidInput } from '../../core/errors.js';
import { VERSION } from '../../core/version.js';
import { parseAdmissionPolicyInputs, type AdmissionPolicyCommandSettings } from './inputs.js';

/**
 * `drydock admission-policy`: a CLI command, not a workflow action (it writes a file to apply to clusters, which a
 * workflow can do with the CLI in a run step). Renders the admission engine's resources from the trust policy
 * verify-signature applies, so CI and the cluster enforce one policy.
 */
const WHAT: Readonly<Record<string, string>> = {
  TrustStore: 'certificates of a trust store (kyverno-notation-aws)',
  TrustPolicy: 'the trust policy verify-signature applies in CI',
  ClusterPolicy: "sends each pod's images to kyverno-notation-aws and pins the verified digests",
  KeyManagementProvider: 'certificates of a trust store (Ratify)',
  Verifier: 'Ratify notation verifier with the trust policy verify-signature applies in CI',
};

const PREREQUISITES: Readonly<Record<AdmissionPolicyCommandSettings['engine'], string>> = {
  kyverno:
    'Needs Kyverno and the kyverno-notation-aws extension (its CRDs and service, with an IAM role allowed ecr:BatchGetImage, ecr:GetDownloadUrlForLayer, ecr:GetAuthorizationToken and signer:GetRevocationStatus).',
  ratify: 'Needs Ratify with Gatekeeper (its Helm chart installs the Store and the constraint that uses this Verifier).',
};

/** Writes the file; what the checks before I/O could not foresee (permissions, a dangling symlink) is the user's to fix. */
async function writeOutput(file: string, text: string): Promise<void> {
  try {
    await writeFile(file, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!code) throw error;
    // `ENOENT: no such file or directory, open '<file>'`: the file is named once, by the input.
    const reason = (error as Error).message.split(', ')[0];
    throw invalidInput('output', file, `cannot be written (${reason})`, 'Choose a file in a directory this job can write to');
  }
}

async function run(settings: AdmissionPolicyCommandSettings, context: ActionContext): Promise<void> {
  const objects: KubeObject[] = await renderAdmissionResources(settings);
  const header = [
    `Rendered by drydock ${VERSION} admission-policy --engine ${settings.engine}; trust policy: ${settings.trustPolicy.source}.`,
    'The trust policy below is the one drydock verify-signature applies in CI; re-render it when that policy changes.',
  ];
  await writeOutput(settings.output, renderYaml(objects, header));
  context.outputs.set('file', settings.output);
  context.outputs.set('resources', objects.map(describeObject));
  context.summary
    .heading(`admission-policy (${settings.engine})`)
    .table(['kind', 'name', 'what'], objects.map((object) => [object.kind, object.metadata.name, WHAT[object.kind] ?? '']))
    .text(`Written to ${settings.output}; apply it with kubectl apply -f, or deploy it with deploy-aks-or-eks. ${PREREQUISITES[settings.engine]}`);
}

export const admissionPolicy: ActionDefinition<AdmissionPolicyCommandSettings> = {
  name: 'admission-policy',
  parse: (inputs) => parseAdmissionPolicyInputs(inputs),
  run,
};
