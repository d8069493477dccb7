import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

// What the AWS Service Authorization Reference says about the actions drydock's IAM policies grant: which resource types
// each action accepts (none: Resource must be "*"), and the ARN format of each resource type. checkPolicyResources()
// holds every statement of every policy against it. Plain TypeScript with node: imports only, so a script can also run
// it on copies of the policies (`node some-script.mts` importing this file).
//
// The facts are copied from the reference pages cited per service, not from the policies: an action's list is the
// "Resource types (*required)" column of its row in the page's Actions table (`[]` when the column is empty), and a
// resource type's ARN is the "ARN" column of the page's Resource types table. Sources:
//   ecr           https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerregistry.html
//   signer        https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssigner.html
//   eks           https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelastickubernetesservice.html
//   ec2           https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html
//   imagebuilder  https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2imagebuilder.html
//   ssm           https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssystemsmanager.html
//   iam           https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html
// (the same data as the machine-readable copy in github.com/iann0036/iam-dataset, aws/iam_definition.json).

export interface Statement {
  Sid?: unknown;
  Effect?: unknown;
  Action?: unknown;
  Resource?: unknown;
  Condition?: unknown;
}
export interface Policy {
  Version?: unknown;
  Statement?: Statement[];
}

/**
 * Resource types by service, each with the ARN format(s) the reference gives it. `${Partition}`, `${Region}` and
 * `${Account}` are the ARN's fields, which a policy writes `aws`, `REGION` and `ACCOUNT_ID`; every other `${Name}` is a
 * name or id, which a policy writes as a placeholder, a literal or a wildcard. A type a page lists for an action but
 * whose format is not copied here matches no resource: copy its format from the page before granting one.
 */
export const RESOURCE_TYPES: Record<string, Record<string, readonly string[]>> = {
  ecr: {
    repository: ['arn:${Partition}:ecr:${Region}:${Account}:repository/${RepositoryName}'],
  },
  signer: {
    // A signing profile's ARN has a slash after the account field. Profile versions are not a resource type (the
    // version is the condition key signer:ProfileVersion).
    'signing-profile': ['arn:${Partition}:signer:${Region}:${Account}:/signing-profiles/${ProfileName}'],
    'signing-job': ['arn:${Partition}:signer:${Region}:${Account}:/signing-jobs/${JobId}'],
  },
  eks: {
    cluster: ['arn:${Partition}:eks:${Region}:${Account}:cluster/${ClusterName}'],
    nodegroup: ['arn:${Partition}:eks:${Region}:${Account}:nodegroup/${ClusterName}/${NodegroupName}/${UUID}'],
    addon: ['arn:${Partition}:eks:${Region}:${Account}:addon/${ClusterName}/${AddonName}/${UUID}'],
    capability: ['arn:${Partition}:eks:${Region}:${Account}:capability/${ClusterName}/${CapabilityType}/${CapabilityName}/${UUID}'],
  },
  ec2: {
    // Images and snapshots have no account field.
    image: ['arn:${Partition}:ec2:${Region}::image/${ImageId}'],
    snapshot: ['arn:${Partition}:ec2:${Region}::snapshot/${SnapshotId}'],
    instance: ['arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}'],
    'key-pair': ['arn:${Partition}:ec2:${Region}:${Account}:key-pair/${KeyPairName}'],
    'launch-template': ['arn:${Partition}:ec2:${Region}:${Account}:launch-template/${LaunchTemplateId}'],
    'network-interface': ['arn:${Partition}:ec2:${Region}:${Account}:network-interface/${NetworkInterfaceId}'],
    'placement-group': ['arn:${Partition}:ec2:${Region}:${Account}:placement-group/${PlacementGroupName}'],
    'secondary-interface': ['arn:${Partition}:ec2:${Region}:${Account}:secondary-interface/${SecondaryInterfaceId}'],
    'secondary-subnet': ['arn:${Partition}:ec2:${Region}:${Account}:secondary-subnet/${SecondarySubnetId}'],
    'security-group': ['arn:${Partition}:ec2:${Region}:${Account}:security-group/${SecurityGroupId}'],
    'spot-instances-request': ['arn:${Partition}:ec2:${Region}:${Account}:spot-instances-request/${SpotInstanceRequestId}'],
    subnet: ['arn:${Partition}:ec2:${Region}:${Account}:subnet/${SubnetId}'],
    volume: ['arn:${Partition}:ec2:${Region}:${Account}:volume/${VolumeId}'],
    group: ['arn:${Partition}:resource-groups:${Region}:${Account}:group/${GroupName}'],
    'license-configuration': ['arn:${Partition}:license-manager:${Region}:${Account}:license-configuration:${LicenseConfigurationId}'],
  },
  imagebuilder: {
    component: ['arn:${Partition}:imagebuilder:${Region}:${Account}:component/${ComponentName}/${ComponentVersion}/${ComponentBuildVersion}'],
    allComponentBuildVersions: ['arn:${Partition}:imagebuilder:${Region}:${Account}:component/${ComponentName}/${ComponentVersion}/*'],
    containerRecipe: ['arn:${Partition}:imagebuilder:${Region}:${Account}:container-recipe/${ContainerRecipeName}/${ContainerRecipeVersion}'],
    distributionConfiguration: ['arn:${Partition}:imagebuilder:${Region}:${Account}:distribution-configuration/${DistributionConfigurationName}'],
    image: ['arn:${Partition}:imagebuilder:${Region}:${Account}:image/${ImageName}/${ImageVersion}/${ImageBuildVersion}'],
    imagePipeline: ['arn:${Partition}:imagebuilder:${Region}:${Account}:image-pipeline/${ImagePipelineName}'],
    imageRecipe: ['arn:${Partition}:imagebuilder:${Region}:${Account}:image-recipe/${ImageRecipeName}/${ImageRecipeVersion}'],
    infrastructureConfiguration: ['arn:${Partition}:imagebuilder:${Region}:${Account}:infrastructure-configuration/${ResourceId}'],
    lifecyclePolicy: ['arn:${Partition}:imagebuilder:${Region}:${Account}:lifecycle-policy/${LifecyclePolicyName}'],
    workflow: ['arn:${Partition}:imagebuilder:${Region}:${Account}:workflow/${WorkflowType}/${WorkflowName}/${WorkflowVersion}/${WorkflowBuildVersion}'],
  },
  ssm: {
    parameter: [
      // The reference's format. The name is the caller's own parameter: PutParameter refuses names prefixed with "aws"
      // or "ssm" (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html).
      'arn:${Partition}:ssm:${Region}:${Account}:parameter/${ParameterNameWithoutLeadingSlash}',
      // AWS's public parameters (names under aws/service/,
      // https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-finding-public-parameters.html)
      // belong to no account: their ARN has an empty account field.
      'arn:${Partition}:ssm:${Region}::parameter/aws/service/${PublicParameterPath}',
    ],
  },
  iam: {
    role: ['arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}'],
  },
};

/**
 * Per action, the types of its row in the reference's Actions table, `*` marking the required ones. `[]`: the column
 * is empty, so the action has no resource-level permissions and a statement must give it Resource "*".
 */
export const ACTION_RESOURCE_TYPES: Record<string, readonly string[]> = {
  // Amazon ECR
  'ecr:BatchCheckLayerAvailability': ['repository*'],
  'ecr:BatchDeleteImage': ['repository*'],
  'ecr:BatchGetImage': ['repository*'],
  'ecr:CompleteLayerUpload': ['repository*'],
  'ecr:CreateRepository': ['repository*'],
  'ecr:DescribeImages': ['repository*'],
  'ecr:DescribeRepositories': ['repository*'],
  'ecr:GetAuthorizationToken': [],
  'ecr:GetDownloadUrlForLayer': ['repository*'],
  'ecr:GetLifecyclePolicy': ['repository*'],
  'ecr:GetRepositoryPolicy': ['repository*'],
  'ecr:InitiateLayerUpload': ['repository*'],
  'ecr:ListImages': ['repository*'],
  'ecr:PutImage': ['repository*'],
  'ecr:PutLifecyclePolicy': ['repository*'],
  'ecr:SetRepositoryPolicy': ['repository*'],
  'ecr:TagResource': ['repository*'],
  'ecr:UploadLayerPart': ['repository*'],
  // AWS Signer
  'signer:DescribeSigningJob': ['signing-job*'],
  'signer:GetRevocationStatus': ['signing-job*', 'signing-profile*'],
  'signer:GetSigningProfile': ['signing-profile*'],
  'signer:SignPayload': ['signing-profile*'],
  // Amazon EKS
  'eks:DescribeCluster': ['cluster*'],
  'eks:DescribeNodegroup': ['nodegroup*'],
  'eks:DescribeUpdate': ['addon', 'capability', 'cluster*', 'nodegroup'],
  'eks:ListClusters': [],
  'eks:ListNodegroups': ['cluster*'],
  'eks:UpdateNodegroupConfig': ['nodegroup*'],
  'eks:UpdateNodegroupVersion': ['nodegroup*'],
  // Amazon EC2
  'ec2:CreateLaunchTemplateVersion': ['launch-template*'],
  // The page lists about a hundred taggable types for CreateTags; these are the ones whose format is copied above.
  'ec2:CreateTags': ['image', 'instance', 'key-pair', 'launch-template', 'network-interface', 'security-group', 'snapshot', 'subnet', 'volume'],
  'ec2:DescribeImages': [],
  'ec2:DescribeLaunchTemplateVersions': [],
  'ec2:DescribeLaunchTemplates': [],
  'ec2:RunInstances': [
    'capacity-reservation',
    'elastic-gpu',
    'elastic-inference',
    'group',
    'image*',
    'instance*',
    'key-pair',
    'launch-template',
    'license-configuration',
    'network-interface*',
    'placement-group',
    'secondary-interface',
    'secondary-subnet',
    'security-group*',
    'snapshot',
    'spot-instances-request',
    'subnet*',
    'volume',
  ],
  // EC2 Image Builder
  'imagebuilder:CancelImageCreation': ['image*'],
  'imagebuilder:CreateComponent': ['component*'],
  'imagebuilder:CreateDistributionConfiguration': ['distributionConfiguration*'],
  'imagebuilder:CreateImagePipeline': ['imagePipeline*'],
  'imagebuilder:CreateImageRecipe': ['imageRecipe*'],
  'imagebuilder:CreateInfrastructureConfiguration': ['infrastructureConfiguration*'],
  'imagebuilder:GetComponent': ['component*'],
  'imagebuilder:GetDistributionConfiguration': ['distributionConfiguration*'],
  'imagebuilder:GetImage': ['image*'],
  'imagebuilder:GetImagePipeline': ['imagePipeline*'],
  'imagebuilder:GetImageRecipe': ['imageRecipe*'],
  'imagebuilder:GetInfrastructureConfiguration': ['infrastructureConfiguration*'],
  'imagebuilder:ListComponentBuildVersions': ['allComponentBuildVersions*'],
  'imagebuilder:ListComponents': [],
  'imagebuilder:ListDistributionConfigurations': [],
  'imagebuilder:ListImagePipelineImages': ['imagePipeline*'],
  'imagebuilder:ListImagePipelines': [],
  'imagebuilder:ListImageRecipes': [],
  'imagebuilder:ListImageScanFindingAggregations': ['image', 'imagePipeline'],
  'imagebuilder:ListInfrastructureConfigurations': [],
  'imagebuilder:StartImagePipelineExecution': ['imagePipeline*'],
  'imagebuilder:TagResource': [
    'component',
    'containerRecipe',
    'distributionConfiguration',
    'image',
    'imagePipeline',
    'imageRecipe',
    'infrastructureConfiguration',
    'lifecyclePolicy',
    'workflow',
  ],
  'imagebuilder:UpdateDistributionConfiguration': ['distributionConfiguration*'],
  'imagebuilder:UpdateImagePipeline': ['imagePipeline*'],
  'imagebuilder:UpdateInfrastructureConfiguration': ['infrastructureConfiguration*'],
  // AWS Systems Manager
  'ssm:GetParameter': ['parameter*'],
  'ssm:GetParameters': ['parameter*'],
  'ssm:GetParametersByPath': ['parameter*'],
  // IAM
  'iam:PassRole': ['role*'],
};

// ARN matching. A policy's resource matches a format when the ARN fields are the placeholders (`aws`, `REGION`,
// `ACCOUNT_ID`, or empty where the format has no field), every literal part is there as written, and each name is a
// name, a placeholder or a wildcard. Names hold no `/` except those that are paths. A wildcard that ends the resource
// may stand for the rest of the format, as IAM's `*` matches `/` too: `image/drydock-*` covers image/<name>/<version>/<build>.
const FIELDS: Record<string, string> = { Partition: 'aws', Region: 'REGION', Account: 'ACCOUNT_ID' };
const NAME_CHAR = '[A-Za-z0-9_.+=,@*?-]';
const PATH_CHAR = '[A-Za-z0-9_.+=,@*?/-]';
/** Names that may contain `/`: ECR namespaces, IAM paths, SSM hierarchies. */
const PATH_NAMES = new Set(['RepositoryName', 'RoleNameWithPath', 'ParameterNameWithoutLeadingSlash', 'PublicParameterPath']);
/** What a name may not start with: parameters prefixed "aws" or "ssm" are AWS's, not the account's. */
const NAME_GUARDS: Record<string, string> = { ParameterNameWithoutLeadingSlash: '(?![Aa][Ww][Ss]|[Ss][Ss][Mm])' };

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function arnPattern(format: string): RegExp {
  const tokens = format.split(/(\$\{[A-Za-z]+\})/).filter((token) => token !== '');
  let whole = '';
  const wildcardEndings: string[] = [];
  tokens.forEach((token, index) => {
    const variable = /^\$\{([A-Za-z]+)\}$/.exec(token)?.[1];
    if (variable === undefined) {
      whole += escapeRegExp(token);
    } else if (variable in FIELDS) {
      whole += escapeRegExp(FIELDS[variable]!);
    } else {
      const guard = NAME_GUARDS[variable] ?? '';
      if (index < tokens.length - 1) wildcardEndings.push(`${whole}${guard}${PATH_CHAR}*\\*`);
      whole += guard + (PATH_NAMES.has(variable) ? `${NAME_CHAR}${PATH_CHAR}*` : `${NAME_CHAR}+`);
    }
  });
  return new RegExp(`^(?:${[whole, ...wildcardEndings].join('|')})$`);
}

const patterns = new Map<string, RegExp>();
const patternOf = (format: string): RegExp => patterns.get(format) ?? patterns.set(format, arnPattern(format)).get(format)!;

const serviceOf = (action: string): string => action.slice(0, action.indexOf(':'));
const typeName = (type: string): string => type.replace(/\*$/, '');
const formatsOf = (action: string, type: string): readonly string[] => RESOURCE_TYPES[serviceOf(action)]?.[typeName(type)] ?? [];

/** The resource types of `action` whose ARN format `resource` matches. */
export function typesMatching(action: string, resource: string): string[] {
  return (ACTION_RESOURCE_TYPES[action] ?? []).map(typeName).filter((type) => formatsOf(action, type).some((format) => patternOf(format).test(resource)));
}

// The check.

export interface Finding {
  /** The policy's file name. */
  readonly file: string;
  /** The statement's Sid, or its position when it has none. */
  readonly statement: string;
  readonly action: string;
  readonly resource: string;
  readonly problem: string;
}

export const formatFinding = (finding: Finding): string =>
  `${finding.file}: statement ${finding.statement}: ${finding.action} on ${finding.resource}: ${finding.problem}`;

const listOf = (value: unknown): string[] => ([] as unknown[]).concat(value ?? []).map(String);
const describeTypes = (action: string, types: readonly string[]): string =>
  types.map((type) => `${type} (${formatsOf(action, type).join(' or ') || 'format not in the table'})`).join(', ');

/**
 * Holds each statement of each policy (file name -> document) against the reference:
 * - an action the table does not know is a finding (add its row from the reference page);
 * - an action with no resource types must have Resource "*" and nothing else;
 * - an action with required resource types must not have "*" (the reference offers a narrower grant);
 * - every other resource must match the ARN format of a type that one of the statement's actions accepts, and each
 *   action must get at least one resource it accepts;
 * - across the policy, each action must be granted a resource of each of its required types.
 */
export function checkPolicyResources(policies: Readonly<Record<string, Policy>>): Finding[] {
  const findings: Finding[] = [];
  for (const file of Object.keys(policies).sort()) {
    const granted = new Map<string, { statement: string; resources: string[] }[]>();
    /** Actions given a resource that matches no format: their missing required types are that finding's consequence. */
    const misnamed = new Set<string>();
    (policies[file]!.Statement ?? []).forEach((statement, index) => {
      const where = typeof statement.Sid === 'string' && statement.Sid !== '' ? statement.Sid : `[${index}]`;
      const resources = listOf(statement.Resource);
      const report = (action: string, resource: string, problem: string) => findings.push({ file, statement: where, action, resource, problem });
      const actions = listOf(statement.Action).filter((action) => {
        if (action in ACTION_RESOURCE_TYPES) return true;
        report(action, resources.join(' '), 'not in the table of resource types; add its row from the Service Authorization Reference');
        return false;
      });
      for (const action of actions) {
        const grants = granted.get(action) ?? [];
        granted.set(action, [...grants, { statement: where, resources }]);
      }

      const scoped = actions.filter((action) => ACTION_RESOURCE_TYPES[action]!.length > 0);
      for (const action of actions.filter((action) => ACTION_RESOURCE_TYPES[action]!.length === 0)) {
        for (const resource of resources.filter((resource) => resource !== '*')) {
          report(action, resource, 'the action has no resource-level permissions (no resource types in the reference): Resource must be "*"');
        }
      }
      for (const action of scoped) {
        const required = ACTION_RESOURCE_TYPES[action]!.filter((type) => type.endsWith('*'));
        if (resources.includes('*') && required.length > 0) {
          report(action, '*', `"*" although the reference scopes the action to ${describeTypes(action, required)}`);
        }
      }
      if (scoped.length === 0) return;
      const unmatched = resources.filter((resource) => resource !== '*' && !scoped.some((action) => typesMatching(action, resource).length > 0));
      for (const resource of unmatched) {
        const accepted = new Map(scoped.flatMap((action) => ACTION_RESOURCE_TYPES[action]!.map((type) => [typeName(type), describeTypes(action, [typeName(type)])] as const)));
        report(scoped.join(', '), resource, `matches the ARN format of no resource type the statement's actions accept: ${[...accepted.values()].join(', ')}`);
        for (const action of scoped) misnamed.add(action);
      }
      if (unmatched.length > 0) return;
      for (const action of scoped) {
        if (!resources.some((resource) => resource === '*' || typesMatching(action, resource).length > 0)) {
          report(action, resources.join(' '), `none of the statement's resources is of a type the action accepts: ${describeTypes(action, ACTION_RESOURCE_TYPES[action]!)}`);
        }
      }
    });

    for (const [action, grants] of granted) {
      if (misnamed.has(action)) continue;
      for (const type of ACTION_RESOURCE_TYPES[action]!.filter((candidate) => candidate.endsWith('*')).map(typeName)) {
        const covered = grants.some(({ resources }) => resources.some((resource) => resource === '*' || typesMatching(action, resource).includes(type)));
        if (covered) continue;
        findings.push({
          file,
          statement: grants.map((grant) => grant.statement).join(', '),
          action,
          resource: grants.flatMap((grant) => grant.resources).join(' '),
          problem: `no statement grants the action its required resource type ${describeTypes(action, [type])}`,
        });
      }
    }
  }
  return findings;
}

/** Every `<name>.json` of a directory, parsed, by file name. */
export function loadPolicies(dir: string): Record<string, Policy> {
  return Object.fromEntries(
    readdirSync(dir)
      .filter((file) => file.endsWith('.json'))
      .sort()
      .map((file) => [file, JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Policy]),
  );
}
