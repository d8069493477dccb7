import { shownValue } from '../core/errors.js';
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

/** Placeholders of the AMI name template that become Image Builder's own build-time variables. */
const IMAGE_BUILDER_VARIABLES: Readonly<Record<string, string>> = {
  date: '{{ imagebuilder:buildDate }}',
  build: '{{ imagebuilder:buildVersion }}',
};
const DRYDOCK_PLACEHOLDERS = ['os', 'kubernetes', 'arch', 'cis'] as const;
const PLACEHOLDER = /\{([a-z]+)\}/g;
/**
 * The name as sent to Image Builder, variables still in it (AmiNameString in the Image Builder API model): at most 127
 * characters, first and last a letter, digit, - or _ (or the braces of a variable).
 */
const AMI_NAME_STRING = /^[-_A-Za-z0-9{][-_A-Za-z0-9\s:{}.]+[-_A-Za-z0-9}]$/;
const AMI_NAME_MAX_LENGTH = 127;
/**
 * What the name may hold outside Image Builder's variables: what both Image Builder and EC2 accept. EC2 would take
 * ( ) [ ] / ' @ too, but Image Builder refuses them; Image Builder takes : { } only for its variables, and EC2 refuses
 * them in the AMI it names.
 */
const AMI_NAME_CHARACTER = /[-_A-Za-z0-9 .]/;

export interface AmiNameValues {
  readonly os: string;
  readonly kubernetes: string;
  readonly arch: string;
  readonly cis: PinnedRef;
}

/** Returns what is wrong with an AMI name template, or undefined. */
export function amiNameTemplateProblem(template: string, values: AmiNameValues): string | undefined {
  const names = [...template.matchAll(PLACEHOLDER)].map((match) => match[1] as string);
  const unknown = names.find((name) => !Object.hasOwn(IMAGE_BUILDER_VARIABLES, name) && !(DRYDOCK_PLACEHOLDERS as readonly string[]).includes(name));
  if (unknown !== undefined) return `has the unknown placeholder {${unknown}}`;
  // {build} alone is not enough: it counts the builds of one recipe version, and starts again at 1 with every new one.
  if (!names.includes('date')) return 'has no {date}, which Image Builder requires so that every build gets a new AMI name';
  // drydock's values are checked as filled in: a {cis} tag such as 1.0.0+fix brings a character of its own.
  const literal = template.replace(PLACEHOLDER, (_, name: string) => (Object.hasOwn(IMAGE_BUILDER_VARIABLES, name) ? '' : drydockValue(name, values)));
  const refused = [...literal].find((character) => !AMI_NAME_CHARACTER.test(character));
  if (refused !== undefined) return `gives names with ${shownValue(refused)}, which an AMI name cannot contain (allowed: letters, digits, spaces, . - _)`;
  const sent = renderAmiName(template, values);
  if (sent.length > AMI_NAME_MAX_LENGTH) {
    return `is ${sent.length} characters as sent to Image Builder ({date} counts ${IMAGE_BUILDER_VARIABLES['date']!.length}), more than the ${AMI_NAME_MAX_LENGTH} it allows`;
  }
  if (!AMI_NAME_STRING.test(sent)) return 'starts or ends with a space or a dot, which Image Builder refuses';
  return undefined;
}

/** The AMI name for the distribution configuration: drydock's placeholders filled in, {date}/{build} left to Image Builder. */
export function renderAmiName(template: string, values: AmiNameValues): string {
  return template.replace(PLACEHOLDER, (_, name: string) =>
    Object.hasOwn(IMAGE_BUILDER_VARIABLES, name) ? IMAGE_BUILDER_VARIABLES[name]! : drydockValue(name, values),
  );
}

function drydockValue(name: string, values: AmiNameValues): string {
  if (name === 'cis') return describePinnedRef(values.cis);
  return values[name as 'os' | 'kubernetes' | 'arch'];
}
