import { resolveRegion } from '../../aws/client-config.js';
import type { ActionContext } from '../../core/action.js';
import { ConfigurationError, invalidInput } from '../../core/errors.js';
import type { InputReader } from '../../core/inputs.js';
import { parseRegistryBaseUrl } from '../../oci/endpoint.js';
import { parseImageSource, type ImageSourceSpec } from '../../oci/image-sources/parse-image-source.js';
import { parseRepositoryName, parseTag } from '../../oci/reference.js';

/** Everything push-ecr does, decided from its inputs before anything remote happens. */
export interface PushEcrSettings {
  readonly repository: string;
  /** The image source (`oci:`, `oci-archive:`, `docker-archive:`, `docker://`), its local path checked to exist. */
  readonly image: ImageSourceSpec;
  readonly tags: readonly string[];
  readonly region: string;
  readonly registryId?: string;
  readonly createRepository: boolean;
  /** Unset when not asked for (see RepositorySettings). */
  readonly tagMutability?: 'MUTABLE' | 'IMMUTABLE';
  readonly scanOnPush?: boolean;
  readonly encryption?: { readonly type: 'AES256' | 'KMS'; readonly kmsKey?: string };
  readonly lifecyclePolicy?: string;
  readonly repositoryPolicy?: string;
  /** Overrides the registry URL ECR reports (private endpoints, the loopback testbed). */
  readonly registryEndpoint?: URL;
  readonly concurrency: number;
  /** Workspace that relative source paths resolve against. */
  readonly baseDir: string;
}

const KMS_KEY = /^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+|alias\/[A-Za-z0-9/_-]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;

/** An ECR repository name: the OCI rules, plus a clear word for the common mistake of pasting the registry host too. */
export function parseEcrRepositoryName(input: string, value: string): string {
  const [first] = value.split('/');
  if (value.includes('/') && first && (first.includes('.') || first.includes(':'))) {
    throw invalidInput(input, value, 'starts with a registry host', `Give only the repository name, such as '${value.slice(first.length + 1)}'.`);
  }
  if (value.length < 2) throw invalidInput(input, value, 'is shorter than 2 characters', "Use a name of 2 to 255 characters (ECR's minimum, the image reference format's maximum).");
  return parseRepositoryName(value, input);
}


function policyText(inputs: InputReader, name: string, check: (value: unknown) => boolean, fix: string): string | undefined {
  const policy = inputs.json(name);
  if (policy === undefined) return undefined;
  if (!check(policy.value)) throw new ConfigurationError(`Input '${name}': ${policy.source === `input '${name}'` ? 'the JSON' : policy.source} ${fix}`);
  return JSON.stringify(policy.value);
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function parsePushEcrInputs(inputs: InputReader, context: Pick<ActionContext, 'env'>): PushEcrSettings {
  const repository = parseEcrRepositoryName('repository', inputs.required('repository', "Name the ECR repository, such as 'team/app'."));
  const image = parseImageSource(
    inputs.required('image', "Name the image source, such as 'oci:./build/oci' or 'docker-archive:image.tar'."),
    'image',
    inputs.baseDir,
  );
  const tags = inputs.list('tags').map((tag) => parseTag(tag, 'tags'));
  const regionInput = inputs.region('region');
  const registryId = inputs.optional('registry-id');
  if (registryId !== undefined && !/^\d{12}$/.test(registryId)) {
    throw invalidInput('registry-id', registryId, 'is not a 12-digit AWS account id', 'Give the account id that owns the registry.');
  }
  const tagMutability = inputs.oneOf('image-tag-mutability', ['MUTABLE', 'IMMUTABLE'] as const);
  const scanOnPush = inputs.isSet('scan-on-push') ? inputs.boolean('scan-on-push', false) : undefined;
  const type = inputs.oneOf('encryption', ['AES256', 'KMS'] as const);
  const kmsKey = inputs.optional('kms-key');
  if (kmsKey !== undefined && type !== 'KMS') {
    throw new ConfigurationError("Input 'kms-key' is set but 'encryption' is AES256. Set encryption: KMS, or remove kms-key.");
  }
  if (kmsKey !== undefined && !KMS_KEY.test(kmsKey)) {
    throw invalidInput('kms-key', kmsKey, 'is not a KMS key id, key ARN or alias', 'Use a key ARN, a key id or alias/<name>.');
  }
  const lifecyclePolicy = policyText(
    inputs,
    'lifecycle-policy',
    (value) => isObject(value) && Array.isArray(value['rules']),
    "is not an ECR lifecycle policy: it needs a 'rules' array.",
  );
  const repositoryPolicy = policyText(
    inputs,
    'repository-policy',
    (value) => isObject(value) && (Array.isArray(value['Statement']) || isObject(value['Statement'])),
    "is not an IAM policy document: it needs a 'Statement'.",
  );
  const endpoint = inputs.optional('registry-endpoint');
  const settings: PushEcrSettings = {
    repository,
    image,
    tags: [...new Set(tags)],
    region: resolveRegion(regionInput, context.env),
    createRepository: inputs.boolean('create-repository', true),
    // Not asked for, these stay unset: a repository this step creates gets ECR's defaults, and an existing one is not
    // compared with them (see RepositorySettings).
    ...(tagMutability ? { tagMutability } : {}),
    ...(scanOnPush !== undefined ? { scanOnPush } : {}),
    ...(type ? { encryption: kmsKey ? { type, kmsKey } : { type } } : {}),
    concurrency: inputs.integer('concurrency', 4, 1, 32),
    baseDir: inputs.baseDir,
    ...(registryId ? { registryId } : {}),
    ...(lifecyclePolicy ? { lifecyclePolicy } : {}),
    ...(repositoryPolicy ? { repositoryPolicy } : {}),
    ...(endpoint ? { registryEndpoint: parseRegistryBaseUrl('registry-endpoint', endpoint) } : {}),
  };
  return settings;
}
