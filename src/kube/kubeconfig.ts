import { KubeConfig } from '@kubernetes/client-node';
import { parse as parseYaml } from 'yaml';
import { ConfigurationError, errorMessage, invalidInput } from '../core/errors.js';
import type { SecretSet } from '../core/secrets.js';
import { isPlainObject } from './objects.js';

/** Something that hands out a bearer token, fresh enough for the next request (EKS STS tokens, Azure AD tokens). */
export interface BearerTokenSource {
  token(): Promise<string>;
}

/** Where a cluster's API server is and how to trust it. */
export interface ClusterEndpoint {
  readonly name: string;
  readonly server: string;
  /** Base64 PEM of the cluster CA, as kubeconfigs and DescribeCluster carry it. */
  readonly certificateAuthorityData?: string;
  readonly insecureSkipTlsVerify?: boolean;
}

const TOKEN_PROVIDER = 'drydock-bearer-token';
type Authenticator = Parameters<KubeConfig['addAuthenticator']>[0];

/** An authenticator that asks the token source on every request, so a long rollout wait never sends a stale token. */
function tokenAuthenticator(tokens: BearerTokenSource): Authenticator {
  return {
    isAuthProvider: (user) => (user?.authProvider as { name?: string } | undefined)?.name === TOKEN_PROVIDER,
    applyAuthentication: async (_user, options) => {
      const headers = ((options as { headers?: Record<string, string> }).headers ??= {});
      headers['Authorization'] = `Bearer ${await tokens.token()}`;
    },
  };
}

/** A KubeConfig for a cluster reached with a bearer token from `tokens` (EKS, AAD-enabled AKS). */
export function kubeConfigWithTokenSource(endpoint: ClusterEndpoint, tokens: BearerTokenSource): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.addAuthenticator(tokenAuthenticator(tokens));
  kubeConfig.loadFromOptions({
    clusters: [
      {
        name: endpoint.name,
        server: endpoint.server,
        ...(endpoint.certificateAuthorityData ? { caData: endpoint.certificateAuthorityData } : {}),
        skipTLSVerify: endpoint.insecureSkipTlsVerify ?? false,
      },
    ],
    users: [{ name: 'drydock', authProvider: { name: TOKEN_PROVIDER, config: {} } }],
    contexts: [{ name: endpoint.name, cluster: endpoint.name, user: 'drydock' }],
    currentContext: endpoint.name,
  });
  return kubeConfig;
}

/** Replaces the current user's credentials with a token source, keeping cluster and TLS settings (AAD-enabled AKS). */
export function withTokenSource(kubeConfig: KubeConfig, tokens: BearerTokenSource): KubeConfig {
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster');
  return kubeConfigWithTokenSource(
    {
      name: cluster.name,
      server: cluster.server,
      ...(cluster.caData ? { certificateAuthorityData: cluster.caData } : {}),
      ...(cluster.skipTLSVerify ? { insecureSkipTlsVerify: true } : {}),
    },
    tokens,
  );
}

export interface KubeConfigSource {
  /** The kubeconfig's text. Never echoed: it usually carries credentials. */
  readonly text: string;
  /** Where it came from, for messages (`input 'kubeconfig'`, a file path, `KUBECONFIG`). */
  readonly origin: string;
  /** The input that named it, for messages. */
  readonly inputName: string;
  /** The folder of the file it was read from: relative certificate and key paths in it start there, as in kubectl. */
  readonly baseDir?: string;
}

/** Fields of a kubeconfig user that are credentials and must be masked. */
const USER_SECRETS = ['token', 'password', 'client-key-data'];
const AUTH_PROVIDER_SECRETS = ['access-token', 'refresh-token', 'client-secret', 'id-token'];

/**
 * Registers the credentials inside a kubeconfig (tokens, passwords, client keys, auth provider tokens, exec plugin
 * environment values and the values of its credential options) as secrets. The kubeconfig's structure is not masked:
 * a masker fed whole lines would blank out common words such as `kind: Config` everywhere in the log.
 */
export function maskKubeConfigSecrets(document: unknown, secrets: SecretSet): void {
  if (!isPlainObject(document) || !Array.isArray(document['users'])) return;
  for (const entry of document['users']) {
    const user = isPlainObject(entry) && isPlainObject(entry['user']) ? entry['user'] : undefined;
    if (!user) continue;
    for (const field of USER_SECRETS) if (typeof user[field] === 'string' && user[field]) secrets.add(user[field] as string);
    const config = isPlainObject(user['auth-provider']) ? (user['auth-provider'] as Record<string, unknown>)['config'] : undefined;
    if (isPlainObject(config)) for (const field of AUTH_PROVIDER_SECRETS) if (typeof config[field] === 'string' && config[field]) secrets.add(config[field] as string);
    const exec = isPlainObject(user['exec']) ? (user['exec'] as Record<string, unknown>) : undefined;
    const env = exec?.['env'];
    if (Array.isArray(env)) for (const variable of env) if (isPlainObject(variable) && typeof variable['value'] === 'string' && variable['value']) secrets.add(variable['value']);
    if (Array.isArray(exec?.['args'])) for (const value of secretArguments(exec['args'])) secrets.add(value);
  }
}

/** An exec plugin's option that takes a credential: kubelogin's --client-secret, a --token, a --password, ... */
const SECRET_OPTION = /^--?[\w-]*(secret|token|password|passwd|credential|api-key)$/i;

/**
 * The values of an exec plugin's credential options, `--client-secret VALUE` or `--client-secret=VALUE`. Only those:
 * the other arguments (a cluster name, a region, a server id) are common words that masking would blank out
 * everywhere in the log.
 */
function secretArguments(args: readonly unknown[]): string[] {
  const values: string[] = [];
  args.forEach((arg, index) => {
    if (typeof arg !== 'string') return;
    const equals = arg.indexOf('=');
    if (equals > 0 && SECRET_OPTION.test(arg.slice(0, equals))) values.push(arg.slice(equals + 1));
    else if (SECRET_OPTION.test(arg) && typeof args[index + 1] === 'string') values.push(args[index + 1] as string);
  });
  return values.filter((value) => value !== '');
}

/**
 * `yaml` options for parsing a kubeconfig. Warnings (an unknown tag, say) would go to stderr through
 * process.emitWarning, quoting the offending line, credentials included, before they are masked: only errors count.
 * Not `silent`: that level also stops parse() from throwing, turning invalid YAML into a partial document.
 */
const QUIET_YAML = { logLevel: 'error' } as const;

/** The parts of a js-yaml YAMLException used here; its message adds an excerpt of the offending lines. */
interface YamlException {
  readonly reason: string;
  readonly mark?: { readonly line: number; readonly column: number };
}

function isYamlException(error: unknown): error is YamlException {
  return error instanceof Error && error.name === 'YAMLException' && typeof (error as Partial<YamlException>).reason === 'string';
}

/**
 * Why client-node refused the kubeconfig. It parses the text again with js-yaml, stricter than `yaml` (unknown tags,
 * control characters in quoted strings), whose message quotes the offending lines: pieces of a token or key that
 * masking whole secrets cannot catch. Only the reason and the position are kept, and the reason only up to what it
 * quotes: "unknown scalar tag !<!Zk9x...>" names the tag, which is the credential when an unquoted token starts with
 * "!" (the `yaml` parser masking reads takes it for a tag too, and so never sees the value). Its other errors name
 * the entry (`clusters[0].cluster.server is missing`), never its content.
 */
function loaderErrorReason(error: unknown): string {
  if (!isYamlException(error)) return errorMessage(error);
  const reason = error.reason.split(/[!*"'<&]/, 1)[0]!.trim();
  return error.mark ? `${reason} at line ${error.mark.line + 1}, column ${error.mark.column + 1}` : reason;
}

/**
 * Loads a kubeconfig and selects a context (`context`, else the file's current-context). Credentials are masked
 * first. Errors say what is wrong without quoting the content.
 */
export function loadKubeConfig(source: KubeConfigSource, context: string | undefined, secrets: SecretSet): KubeConfig {
  let document: unknown;
  try {
    document = parseYaml(source.text, QUIET_YAML);
  } catch {
    throw invalidInput(source.inputName, undefined, `${source.origin} is not valid YAML`, 'Give a kubeconfig file (its path or its content).');
  }
  maskKubeConfigSecrets(document, secrets);
  if (!isPlainObject(document) || !Array.isArray(document['clusters']) || !Array.isArray(document['contexts'])) {
    throw invalidInput(source.inputName, undefined, `${source.origin} is not a kubeconfig (it has no clusters and contexts)`, 'Give a kubeconfig file (its path or its content).');
  }
  const kubeConfig = new KubeConfig();
  try {
    // Invalid entries throw (client-node's default); loaderErrorReason keeps their content out of the message.
    kubeConfig.loadFromString(source.text);
    if (source.baseDir !== undefined) kubeConfig.makePathsAbsolute(source.baseDir);
  } catch (error) {
    throw invalidInput(source.inputName, undefined, `${source.origin} is not a valid kubeconfig (${loaderErrorReason(error)})`, 'Fix the kubeconfig.');
  }
  const names = kubeConfig.getContexts().map((c) => c.name);
  // Checked before the context is chosen: with no contexts at all, no 'context' value could be right.
  if (names.length === 0) {
    throw invalidInput(source.inputName, undefined, `${source.origin} defines no contexts`, 'Add a context (a cluster and a user) to it.');
  }
  const selected = context ?? kubeConfig.getCurrentContext();
  if (!selected) {
    throw new ConfigurationError(`Input 'context': ${source.origin} names no current-context. Set 'context' to one of: ${names.join(', ')}.`);
  }
  const found = kubeConfig.getContextObject(selected);
  if (!found) {
    const inputName = context ? 'context' : source.inputName;
    throw invalidInput(inputName, selected, `is not a context of ${source.origin}`, `Use one of: ${names.join(', ')}.`);
  }
  if (!kubeConfig.getCluster(found.cluster)) {
    throw invalidInput(source.inputName, undefined, `context '${selected}' in ${source.origin} refers to cluster '${found.cluster}', which it does not define`, 'Fix the kubeconfig.');
  }
  kubeConfig.setCurrentContext(selected);
  return kubeConfig;
}

/** The namespace the selected context names, if any: the default for objects that name none. */
export function contextNamespace(kubeConfig: KubeConfig): string | undefined {
  return kubeConfig.getContextObject(kubeConfig.getCurrentContext())?.namespace;
}
