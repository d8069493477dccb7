import type { Architecture, NodeOs } from './node-os.js';
import { describePinnedRef, type PinnedRef } from './pinned-ref.js';

/** Everything drydock needs to ensure a hardening pipeline; built by the action's input parser, read by ensure.ts. */
export interface PipelineDefinition {
  /** Base name of every resource drydock ensures (component, recipe, configurations, pipeline). */
  readonly name: string;
  readonly os: NodeOs;
  readonly architecture: Architecture;
  readonly kubernetesVersion: string;
  readonly hardening: HardeningSettings;
  readonly infrastructure: InfrastructureSettings;
  readonly distribution: DistributionSettings;
  /** Amazon Inspector scanning of the image, summarised by severity after the build. */
  readonly imageScanning: boolean;
}

export interface HardeningSettings {
  readonly roleVersion: PinnedRef;
  readonly auditVersion: PinnedRef;
  /** ansible-playbook arguments as words: the OS defaults, or what `ansible-extra-args` gives instead. */
  readonly ansibleArguments: readonly string[];
  readonly auditMinScore: number;
  readonly auditReportBucket?: string;
}

export interface InfrastructureSettings {
  readonly instanceTypes: readonly string[];
  readonly instanceProfile: string;
  readonly subnetId?: string;
  readonly securityGroupIds: readonly string[];
  readonly terminateOnFailure: boolean;
}

export interface DistributionSettings {
  /** The AMI name template with drydock's placeholders still in it (see renderAmiName). */
  readonly amiNameTemplate: string;
  /** Regions to distribute to, the build region first. */
  readonly regions: readonly string[];
  readonly launchPermissionAccounts: readonly string[];
  /** The user's tags; drydock adds its own `drydock:` tags when it ensures the distribution. */
  readonly amiTags: Readonly<Record<string, string>>;
}

export function defaultPipelineName(os: NodeOs, kubernetesVersion: string, architecture: Architecture): string {
  return `drydock-eks-${os}-${kubernetesVersion.replace('.', '-')}-${architecture}`;
}

/** The names of the resources behind one pipeline. The component carries a suffix since components and recipes list apart. */
export function resourceNames(pipelineName: string) {
  return {
    component: `${pipelineName}-cis-hardening`,
    recipe: pipelineName,
    infrastructure: pipelineName,
    distribution: pipelineName,
    pipeline: pipelineName,
  } as const;
}

export const DEFAULT_AMI_NAME_TEMPLATE = 'drydock-eks-{os}-{kubernetes}-{arch}-cis-{date}';

/** Placeholders of the AMI name template; {date} and {build} become Image Builder's own build-time variables. */
const IMAGE_BUILDER_VARIABLES: Record<string, { text: string; renderedLength: number }> = {
  date: { text: '{{ imagebuilder:buildDate }}', renderedLength: 24 },
  build: { text: '{{ imagebuilder:buildVersion }}', renderedLength: 14 },
};
const DRYDOCK_PLACEHOLDERS = ['os', 'kubernetes', 'arch', 'cis'] as const;
const PLACEHOLDER = /\{([a-z]+)\}/g;
// EC2 AMI names: 3 to 128 characters of letters, digits, ( ) [ ] space . / - ' @ _
const AMI_NAME_CHARACTERS = /^[A-Za-z0-9()[\] ./\-'@_]*$/;

export interface AmiNameValues {
  readonly os: string;
  readonly kubernetes: string;
  readonly arch: string;
  readonly cis: PinnedRef;
}

/** Returns what is wrong with an AMI name template, or undefined. */
export function amiNameTemplateProblem(template: string, values: AmiNameValues): string | undefined {
  const names = [...template.matchAll(PLACEHOLDER)].map((match) => match[1] as string);
  const unknown = names.find((name) => !(name in IMAGE_BUILDER_VARIABLES) && !(DRYDOCK_PLACEHOLDERS as readonly string[]).includes(name));
  if (unknown !== undefined) return `has the unknown placeholder {${unknown}}`;
  if (!names.includes('date') && !names.includes('build')) {
    return 'has neither {date} nor {build}, so a second build would reuse the AMI name, which EC2 refuses';
  }
  const literal = template.replace(PLACEHOLDER, '');
  if (!AMI_NAME_CHARACTERS.test(literal)) return "has characters an AMI name cannot contain (allowed: letters, digits, ( ) [ ] space . / - ' @ _)";
  const length = template.replace(PLACEHOLDER, (_, name: string) =>
    name in IMAGE_BUILDER_VARIABLES ? 'x'.repeat(IMAGE_BUILDER_VARIABLES[name]!.renderedLength) : drydockValue(name, values),
  ).length;
  if (length > 128) return `gives names of ${length} characters, more than the 128 EC2 allows`;
  return undefined;
}

/** The AMI name for the distribution configuration: drydock's placeholders filled in, {date}/{build} left to Image Builder. */
export function renderAmiName(template: string, values: AmiNameValues): string {
  return template.replace(PLACEHOLDER, (_, name: string) =>
    name in IMAGE_BUILDER_VARIABLES ? IMAGE_BUILDER_VARIABLES[name]!.text : drydockValue(name, values),
  );
}

function drydockValue(name: string, values: AmiNameValues): string {
  if (name === 'cis') return describePinnedRef(values.cis);
  return values[name as 'os' | 'kubernetes' | 'arch'];
}
