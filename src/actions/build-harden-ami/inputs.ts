import { resolveRegion } from '../../aws/client-config.js';
import type { ActionContext } from '../../core/action.js';
import { ConfigurationError, invalidInput } from '../../core/errors.js';
import { parseArn, parseRegion, type InputReader } from '../../core/inputs.js';
import { ansibleArgumentsProblem, splitShellWords } from '../../imagebuilder/ansible-arguments.js';
import {
  ARCHITECTURES,
  NODE_OSES,
  NODE_OS_PROFILES,
  compareKubernetesVersions,
  eksOptimizedAmiParameter,
  type Architecture,
  type NodeOs,
} from '../../imagebuilder/node-os.js';
import type { PipelineSource } from '../../imagebuilder/build.js';
import { DRYDOCK_AMI_TAG_KEYS } from '../../imagebuilder/ensure.js';
import type { ParentImageSource } from '../../imagebuilder/parent-image.js';
import { parsePinnedRef, type PinnedRef } from '../../imagebuilder/pinned-ref.js';
import {
  DEFAULT_AMI_NAME_TEMPLATE,
  amiNameTemplateProblem,
  defaultPipelineName,
  type PipelineDefinition,
} from '../../imagebuilder/pipeline-definition.js';

/** Everything build-harden-ami does, decided from its inputs before anything remote happens. */
export type BuildHardenAmiSettings = BuildSettings | CheckSettings;

export interface BuildSettings {
  readonly mode: 'build';
  readonly region: string;
  readonly pipelineName: string;
  /** Run the pipeline the user named, or ensure drydock's own from a definition first. */
  readonly pipeline: PipelineSource;
  readonly wait: boolean;
  readonly timeoutMs: number;
}

export interface CheckSettings {
  readonly mode: 'check';
  readonly region: string;
  readonly pipelineName: string;
  /** The pipeline the user named; without it drydock's own pipeline is looked up by name. */
  readonly pipelineArn?: string;
  /** Where the currently recommended parent AMI is read from. */
  readonly parent: ParentImageSource;
}

/**
 * Inputs that only shape the pipeline drydock ensures. With pipeline-arn in build mode they would be silently ignored,
 * so they are an error instead. None of them has a default in action.yml, which is what lets "set" be told from "unset".
 */
const ENSURE_INPUTS = [
  'pipeline-name',
  'os',
  'kubernetes-version',
  'architecture',
  'parent-image-parameter',
  'parent-image',
  'cis-role-version',
  'cis-audit-version',
  'ansible-extra-args',
  'audit-min-score',
  'audit-report-bucket',
  'instance-types',
  'instance-profile',
  'subnet-id',
  'security-group-ids',
  'terminate-on-failure',
  'ami-name',
  'distribution-regions',
  'launch-permission-accounts',
  'ami-tags',
  'enable-image-scanning',
] as const;

const KUBERNETES_VERSION = /^1\.\d{1,2}$/;
const AMI_ID = /^ami-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;
const SSM_PARAMETER = /^\/?[A-Za-z0-9_.\-/]{1,2047}$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
const SUBNET = /^subnet-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;
const SECURITY_GROUP = /^sg-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;
const PROFILE_NAME = /^[\w+=,.@-]{1,128}$/;
const PROFILE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:instance-profile\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,128})$/;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const ACCOUNT = /^\d{12}$/;
const PIPELINE_NAME = /^[-_A-Za-z0-9][-_A-Za-z0-9 ]{1,112}[-_A-Za-z0-9]$/;
const PIPELINE_RESOURCE = /^image-pipeline\/[a-z0-9_-]{3,128}$/;
/** TagKey of the Image Builder API ('=' too, but the first '=' of a line ends the key). */
const TAG_KEY = /^[A-Za-z0-9 _.:/=+@-]+$/;
/** Tags an AMI distribution takes (TagMap of the Image Builder API), drydock's own included. */
const MAX_AMI_TAGS = 50;
const MIN_TIMEOUT_MS = 60_000;
const MAX_TIMEOUT_MS = 24 * 3_600_000;

export const DEFAULT_INSTANCE_TYPES: Readonly<Record<Architecture, string>> = { x86_64: 't3.large', arm64: 't4g.large' };

/** Reads every input (so none is reported as unknown) and applies the rules that span several. */
export function parseBuildHardenAmiInputs(inputs: InputReader, context: Pick<ActionContext, 'env'>): BuildHardenAmiSettings {
  const mode = inputs.oneOf('mode', ['build', 'check'] as const, 'build');
  const region = resolveRegion(inputs.region('region'), context.env);
  const pipelineArnText = inputs.optional('pipeline-arn');
  const pipelineArn = pipelineArnText === undefined ? undefined : parsePipelineArn(pipelineArnText, region);
  const setEnsureInputs = ENSURE_INPUTS.filter((name) => inputs.isSet(name));

  const os = inputs.oneOf('os', NODE_OSES, 'al2023');
  const architecture = inputs.oneOf('architecture', ARCHITECTURES, 'x86_64');
  const kubernetesText = inputs.optional('kubernetes-version');
  if (kubernetesText !== undefined && !KUBERNETES_VERSION.test(kubernetesText)) {
    throw invalidInput('kubernetes-version', kubernetesText, 'is not a Kubernetes minor version', 'Write major.minor as EKS names it, such as 1.31.');
  }
  const parentImage = optionalMatching(inputs, 'parent-image', AMI_ID, 'is not an AMI id', 'Write it as ami- followed by 8 or 17 hexadecimal digits.');
  const parentParameter = optionalMatching(
    inputs,
    'parent-image-parameter',
    SSM_PARAMETER,
    'is not an SSM parameter name',
    'Write the full name, such as /aws/service/eks/optimized-ami/1.31/amazon-linux-2023/x86_64/standard/recommended/image_id.',
  );
  if (parentImage !== undefined && parentParameter !== undefined) {
    throw new ConfigurationError(
      "Inputs 'parent-image' and 'parent-image-parameter' are both set. Set one: parent-image pins an AMI, parent-image-parameter follows an SSM parameter.",
    );
  }
  if (mode === 'check' && parentImage !== undefined) {
    throw new ConfigurationError("Input 'parent-image' pins the parent AMI, so check mode has nothing newer to look for. Remove it, or use parent-image-parameter.");
  }
  // 114, not Image Builder's 128: the component's name is the pipeline's plus '-cis-hardening'.
  const pipelineNameText = optionalMatching(inputs, 'pipeline-name', PIPELINE_NAME, 'is not a valid Image Builder name', 'Use 3 to 114 letters, digits, - and _ (no dots).');

  const hardening = parseHardening(inputs, os);
  const infrastructure = parseInfrastructure(inputs, architecture);
  const distribution = parseDistribution(inputs, region);
  const imageScanning = inputs.boolean('enable-image-scanning', false);
  const wait = inputs.boolean('wait', true);
  const timeoutText = inputs.string('timeout', '120m');
  const timeoutMs = inputs.duration('timeout', '120m');
  if (timeoutMs < MIN_TIMEOUT_MS || timeoutMs > MAX_TIMEOUT_MS) {
    throw invalidInput('timeout', timeoutText, 'is outside 1m to 24h', 'Image Builder builds take tens of minutes; set a timeout such as 120m.');
  }

  // An existing pipeline: build runs it as it is; check reads the current parent from os/version/arch or a parameter.
  if (pipelineArn !== undefined) {
    const conflicting = mode === 'build' ? setEnsureInputs : setEnsureInputs.filter((name) => name === 'pipeline-name');
    if (conflicting.length > 0) {
      throw new ConfigurationError(
        `Input 'pipeline-arn' names an existing pipeline, but ${conflicting.join(', ')} ${conflicting.length === 1 ? 'is' : 'are'} set, which only ${conflicting.length === 1 ? 'applies' : 'apply'} to the pipeline drydock manages. Remove ${conflicting.length === 1 ? 'it' : 'them'}, or remove pipeline-arn.`,
      );
    }
    if (mode === 'build') return { mode, region, pipelineName: pipelineArn.name, pipeline: { kind: 'existing', arn: pipelineArn.arn }, wait, timeoutMs };
    const parent = parentSource(inputs, os, architecture, kubernetesText, parentParameter, undefined);
    return { mode, region, pipelineName: pipelineArn.name, pipelineArn: pipelineArn.arn, parent };
  }

  // Check mode needs the Kubernetes version only to find the parameter or to derive the pipeline's name.
  if (mode === 'check') {
    const parent = parentSource(inputs, os, architecture, kubernetesText, parentParameter, undefined);
    const pipelineName = pipelineNameText ?? defaultPipelineName(os, kubernetesText ?? requireKubernetesVersion(inputs), architecture);
    return { mode, region, pipelineName, parent };
  }
  const kubernetesVersion = kubernetesText ?? requireKubernetesVersion(inputs);
  const parent = parentSource(inputs, os, architecture, kubernetesVersion, parentParameter, parentImage);
  const name = pipelineNameText ?? defaultPipelineName(os, kubernetesVersion, architecture);

  if (hardening.roleVersion === undefined) throw missingPinnedRef('cis-role-version', NODE_OS_PROFILES[os].benchmark);
  if (hardening.auditVersion === undefined) throw missingPinnedRef('cis-audit-version', `${NODE_OS_PROFILES[os].benchmark}-Audit`);
  if (infrastructure.instanceProfile === undefined) {
    throw new ConfigurationError(
      "Input 'instance-profile' is required when drydock creates the pipeline. Name the IAM instance profile of the build instances; its role needs the EC2InstanceProfileForImageBuilder and AmazonSSMManagedInstanceCore policies, and ssm:PutParameter on parameter/drydock/cis-audit/*.",
    );
  }
  const amiNameProblem = amiNameTemplateProblem(distribution.amiNameTemplate, {
    os,
    kubernetes: kubernetesVersion,
    arch: architecture,
    cis: hardening.roleVersion,
  });
  if (amiNameProblem) {
    throw invalidInput(
      'ami-name',
      distribution.amiNameTemplate,
      amiNameProblem,
      'Use the placeholders {date}, {build}, {os}, {kubernetes}, {arch} and {cis}, such as drydock-eks-{os}-{kubernetes}-{arch}-{date}.',
    );
  }
  const definition: PipelineDefinition = {
    name,
    os,
    architecture,
    kubernetesVersion,
    hardening: {
      roleVersion: hardening.roleVersion,
      auditVersion: hardening.auditVersion,
      ansibleArguments: hardening.ansibleArguments,
      auditMinScore: hardening.auditMinScore,
      ...(hardening.auditReportBucket ? { auditReportBucket: hardening.auditReportBucket } : {}),
    },
    infrastructure: { ...infrastructure, instanceProfile: infrastructure.instanceProfile },
    distribution,
    imageScanning,
  };
  return { mode, region, pipelineName: name, pipeline: { kind: 'ensure', definition, parent }, wait, timeoutMs };
}

function optionalMatching(inputs: InputReader, name: string, pattern: RegExp, problem: string, fix: string): string | undefined {
  const value = inputs.optional(name);
  if (value !== undefined && !pattern.test(value)) throw invalidInput(name, value, problem, fix);
  return value;
}

function parsePipelineArn(value: string, region: string): { arn: string; name: string } {
  const arn = parseArn('pipeline-arn', value, 'imagebuilder', PIPELINE_RESOURCE, 'arn:aws:imagebuilder:<region>:<account>:image-pipeline/<name>');
  if (arn.region !== region) {
    throw invalidInput('pipeline-arn', value, `is in ${arn.region || 'no region'}, but the step runs in ${region}`, "Set 'region' to the pipeline's region, or name the pipeline of this region.");
  }
  return { arn: value, name: arn.resource.slice('image-pipeline/'.length) };
}

function requireKubernetesVersion(inputs: InputReader): string {
  return inputs.required(
    'kubernetes-version',
    "Set it to the cluster's Kubernetes version, such as 1.31; drydock names the pipeline after it and reads the EKS-optimized AMI for it from SSM.",
  );
}

/** The parent AMI's source: a pinned AMI, the user's parameter, or AWS's EKS-optimized AMI parameter for os/version/arch. */
function parentSource(
  inputs: InputReader,
  os: NodeOs,
  architecture: Architecture,
  kubernetesVersion: string | undefined,
  parameter: string | undefined,
  amiId: string | undefined,
): ParentImageSource {
  if (amiId !== undefined) return { kind: 'ami', id: amiId };
  if (parameter !== undefined) return { kind: 'parameter', name: parameter };
  const version = kubernetesVersion ?? requireKubernetesVersion(inputs);
  const last = NODE_OS_PROFILES[os].lastKubernetesVersion;
  if (last !== undefined && compareKubernetesVersions(version, last) > 0) {
    throw invalidInput(
      'kubernetes-version',
      version,
      `has no EKS-optimized ${NODE_OS_PROFILES[os].displayName} AMI (AWS published them up to Kubernetes ${last})`,
      'Use os: al2023, or name the parent with parent-image or parent-image-parameter.',
    );
  }
  return { kind: 'parameter', name: eksOptimizedAmiParameter(os, version, architecture) };
}

function parsePinned(inputs: InputReader, name: string, repository: string): PinnedRef | undefined {
  const value = inputs.optional(name);
  if (value === undefined) return undefined;
  const parsed = parsePinnedRef(value);
  if ('problem' in parsed) {
    throw invalidInput(name, value, parsed.problem, `Give a release tag of ansible-lockdown/${repository} or a full 40-character commit id.`);
  }
  return parsed;
}

function missingPinnedRef(name: string, repository: string): ConfigurationError {
  return new ConfigurationError(
    `Input '${name}' is required when drydock creates the pipeline. Pin the ansible-lockdown/${repository} release tag or full commit to use; drydock never clones an unpinned branch.`,
  );
}

function parseHardening(inputs: InputReader, os: NodeOs) {
  const profile = NODE_OS_PROFILES[os];
  const roleVersion = parsePinned(inputs, 'cis-role-version', profile.benchmark);
  const auditVersion = parsePinned(inputs, 'cis-audit-version', `${profile.benchmark}-Audit`);
  const argumentsText = inputs.optional('ansible-extra-args');
  let ansibleArguments = profile.defaultAnsibleArguments;
  if (argumentsText !== undefined) {
    const fix = 'Pass only --extra-vars (inline JSON or key=value), --skip-tags, --tags, -v and --diff.';
    let words: string[];
    try {
      words = splitShellWords(argumentsText);
    } catch (error) {
      throw invalidInput('ansible-extra-args', argumentsText, (error as Error).message, 'Close the quote or escape the character.');
    }
    const problem = ansibleArgumentsProblem(words);
    if (problem) throw invalidInput('ansible-extra-args', argumentsText, problem, fix);
    ansibleArguments = words;
  }
  const auditMinScore = inputs.integer('audit-min-score', 0, 0, 100);
  const auditReportBucket = optionalMatching(
    inputs,
    'audit-report-bucket',
    BUCKET,
    'is not an S3 bucket name',
    'Give the bucket name only, such as my-audit-reports (no s3:// and no path).',
  );
  return { roleVersion, auditVersion, ansibleArguments, auditMinScore, auditReportBucket };
}

function parseInfrastructure(inputs: InputReader, architecture: Architecture) {
  const instanceTypes = inputs.list('instance-types');
  for (const type of instanceTypes) {
    if (!INSTANCE_TYPE.test(type)) throw invalidInput('instance-types', type, 'is not an EC2 instance type', 'Write types such as m6i.large or t4g.large.');
  }
  const profileText = inputs.optional('instance-profile');
  let instanceProfile: string | undefined;
  if (profileText !== undefined) {
    instanceProfile = PROFILE_ARN.exec(profileText)?.[1] ?? (PROFILE_NAME.test(profileText) ? profileText : undefined);
    if (instanceProfile === undefined) {
      throw invalidInput('instance-profile', profileText, 'is not an IAM instance profile name or ARN', 'Give the instance profile name, such as drydock-image-builder.');
    }
  }
  const subnetId = optionalMatching(inputs, 'subnet-id', SUBNET, 'is not a subnet id', 'Write it as subnet- followed by 8 or 17 hexadecimal digits.');
  const securityGroupIds = inputs.list('security-group-ids');
  for (const id of securityGroupIds) {
    if (!SECURITY_GROUP.test(id)) throw invalidInput('security-group-ids', id, 'is not a security group id', 'Write ids as sg- followed by 8 or 17 hexadecimal digits.');
  }
  if (securityGroupIds.length > 0 && subnetId === undefined) {
    throw new ConfigurationError(
      "Input 'security-group-ids' is set without 'subnet-id'. Security groups belong to a VPC, so Image Builder needs the subnet too: set subnet-id.",
    );
  }
  return {
    instanceTypes: instanceTypes.length > 0 ? [...new Set(instanceTypes)] : [DEFAULT_INSTANCE_TYPES[architecture]],
    instanceProfile,
    ...(subnetId ? { subnetId } : {}),
    securityGroupIds: [...new Set(securityGroupIds)],
    terminateOnFailure: inputs.boolean('terminate-on-failure', true),
  };
}

function parseDistribution(inputs: InputReader, buildRegion: string) {
  const amiNameTemplate = inputs.string('ami-name', DEFAULT_AMI_NAME_TEMPLATE);
  const regions = inputs.list('distribution-regions').map((region) => parseRegion('distribution-regions', region));
  const launchPermissionAccounts = inputs.list('launch-permission-accounts');
  for (const account of launchPermissionAccounts) {
    if (!ACCOUNT.test(account)) {
      throw invalidInput('launch-permission-accounts', account, 'is not a 12-digit AWS account id', 'List account ids such as 123456789012.');
    }
  }
  // A Map, not an object literal: a key such as __proto__ must be a tag like any other, not the prototype.
  const amiTags = new Map<string, string>();
  // One tag per line, as documented: EC2 tag values may contain commas, so a comma never separates tags.
  for (const entry of inputs.lines('ami-tags')) {
    const equals = entry.indexOf('=');
    const key = equals > 0 ? entry.slice(0, equals).trim() : '';
    // The value as stored: 'key = value' is accepted, so the spaces around '=' do not count against the 256.
    const value = entry.slice(equals + 1).trim();
    if (!key || key.length > 128 || value.length > 256) {
      throw invalidInput('ami-tags', entry, 'is not a key=value tag', 'Write one tag per line as key=value (keys up to 128, values up to 256 characters).');
    }
    // AWS reserves aws: in any case for its own tags; Image Builder refuses the key either way.
    if (/^aws:/i.test(key)) throw invalidInput('ami-tags', key, "uses the prefix 'aws:', which AWS reserves for its own tags", 'Choose another key.');
    if (!TAG_KEY.test(key)) {
      throw invalidInput('ami-tags', key, 'has characters a tag key cannot contain', 'Use letters, digits, spaces and _ . : / + - @ in keys.');
    }
    if (amiTags.has(key)) throw invalidInput('ami-tags', entry, `sets '${key}' a second time`, 'Give every key once');
    if (key.toLowerCase().startsWith('drydock:')) {
      throw invalidInput('ami-tags', key, "uses the reserved prefix 'drydock:'", 'drydock sets those tags itself; choose another key.');
    }
    amiTags.set(key, value);
  }
  const allowedTags = MAX_AMI_TAGS - DRYDOCK_AMI_TAG_KEYS.length;
  if (amiTags.size > allowedTags) {
    throw new ConfigurationError(
      `Input 'ami-tags' sets ${amiTags.size} tags, but an AMI takes at most ${MAX_AMI_TAGS} and drydock adds ${DRYDOCK_AMI_TAG_KEYS.length} of its own. Give at most ${allowedTags}.`,
    );
  }
  return {
    amiNameTemplate,
    // The build region always receives the AMI; it comes first so that ami-id is the build region's.
    regions: [...new Set([buildRegion, ...regions])],
    launchPermissionAccounts: [...new Set(launchPermissionAccounts)],
    amiTags: Object.fromEntries(amiTags),
  };
}
