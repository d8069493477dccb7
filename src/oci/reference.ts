import { ConfigurationError, invalidInput } from '../core/errors.js';
import { parseDigest } from './digest.js';

/**
 * A parsed, normalised image reference: `registry/repository[:tag][@digest]`.
 * Normalisation follows Docker's rules, so `nginx` and `docker.io/library/nginx` are the same reference.
 */
export interface ImageReference {
  /** host[:port], lower-cased; Docker Hub is always `docker.io`. */
  readonly registry: string;
  /** The repository path inside the registry, e.g. `library/nginx` or `team/app`. */
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

/** An Amazon ECR private registry host, `<account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]`. */
export interface EcrRegistry {
  readonly accountId: string;
  readonly region: string;
  readonly fips: boolean;
}

export const DOCKER_HUB = 'docker.io';
/** Docker Hub's API is not served at docker.io itself. */
const DOCKER_HUB_API_HOST = 'registry-1.docker.io';
const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io']);

const MAX_NAME_LENGTH = 255;
const TAG = /^[\w][\w.-]{0,127}$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_LABEL = '[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?';
const HOST = new RegExp(`^(?:\\[[0-9a-fA-F:.]+\\]|${DOMAIN_LABEL}(?:\\.${DOMAIN_LABEL})*)(?::([0-9]+))?$`);
const ECR_HOST = /^(\d{12})\.dkr\.ecr(-fips)?\.([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com(?:\.cn)?$/;

const REFERENCE_FIX =
  "Write it as 'registry/repository:tag' or 'registry/repository@sha256:<64 hex digits>', e.g. '123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.2.3'";

function notAReference(inputName: string, value: string, problem: string, fix = REFERENCE_FIX): ConfigurationError {
  return invalidInput(inputName, value, `is not a valid image reference: ${problem}`, fix);
}

/** Checks one repository path (`team/app`); returns the problem, or undefined when it is valid. */
function repositoryProblem(repository: string): string | undefined {
  if (repository === '') return 'the repository name is empty';
  if (repository !== repository.toLowerCase()) return `the repository name '${repository}' must be lower case`;
  for (const component of repository.split('/')) {
    if (component === '') return `the repository name '${repository}' has an empty path component`;
    if (!PATH_COMPONENT.test(component)) {
      return `'${component}' is not a valid repository path component (lower-case letters and digits, separated by '.', '_', '__' or '-')`;
    }
  }
  return undefined;
}

/** Whether `repository` is a valid repository path (`team/app`): the distribution grammar, lower case, no empty part. */
export function isRepositoryPath(repository: string): boolean {
  return repositoryProblem(repository) === undefined;
}

function hostProblem(host: string): string | undefined {
  const match = HOST.exec(host);
  if (!match) return `'${host}' is not a valid registry host`;
  const port = match[1];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return `port ${port} is out of range`;
  return undefined;
}

/**
 * Docker's rule for whether the first path component names a registry: it does when it contains a dot or a colon,
 * is `localhost`, or has upper-case letters (repository paths never do). `team/app` is therefore Docker Hub's.
 */
function looksLikeHost(component: string): boolean {
  return component.includes('.') || component.includes(':') || component === 'localhost' || component !== component.toLowerCase();
}

/** Parses and normalises an image reference; `inputName` names the action input in error messages. */
export function parseImageReference(value: string, inputName: string): ImageReference {
  if (value.trim() === '') throw notAReference(inputName, value, 'it is empty');
  if (/\s/.test(value)) throw notAReference(inputName, value, 'it contains whitespace');
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(value);
  if (scheme) {
    throw notAReference(inputName, value, `a reference has no '${scheme[0]}' scheme`, `Remove '${scheme[0]}'`);
  }

  let rest = value;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!parseDigest(digest)) {
      throw notAReference(inputName, value, `'${digest}' is not a digest`, "A digest is 'sha256:' followed by 64 lower-case hex digits");
    }
  }

  let tag: string | undefined;
  const colon = rest.indexOf(':', rest.lastIndexOf('/') + 1);
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) {
      throw notAReference(
        inputName,
        value,
        tag === '' ? 'the tag after the colon is empty' : `'${tag}' is not a valid tag`,
        'A tag is 1 to 128 letters, digits, underscores, periods and dashes, not starting with a period or dash',
      );
    }
  }

  const slash = rest.indexOf('/');
  let registry = DOCKER_HUB;
  let repository = rest;
  if (slash >= 0 && looksLikeHost(rest.slice(0, slash))) {
    registry = rest.slice(0, slash).toLowerCase();
    repository = rest.slice(slash + 1);
    const problem = hostProblem(registry);
    if (problem) throw notAReference(inputName, value, problem);
  } else if (slash < 0 && parseEcrRegistry(rest) !== undefined) {
    // `123456789012.dkr.ecr.eu-west-1.amazonaws.com` alone is a common slip; Docker would call it a Docker Hub repository.
    throw notAReference(inputName, value, `'${rest}' is a registry host without a repository`, `Append the repository, e.g. '${rest}/app:tag'`);
  }
  if (DOCKER_HUB_ALIASES.has(registry)) {
    registry = DOCKER_HUB;
    if (repository !== '' && !repository.includes('/')) repository = `library/${repository}`;
  }

  const problem = repositoryProblem(repository);
  if (problem) throw notAReference(inputName, value, problem);
  const name = `${registry}/${repository}`;
  if (name.length > MAX_NAME_LENGTH) {
    throw notAReference(inputName, value, `the name is ${name.length} characters long; the limit is ${MAX_NAME_LENGTH}`, 'Use a shorter repository name');
  }
  return { registry, repository, ...(tag === undefined ? {} : { tag }), ...(digest === undefined ? {} : { digest }) };
}

/** The canonical string form: `registry/repository[:tag][@digest]`. */
export function formatImageReference(reference: ImageReference): string {
  const tag = reference.tag === undefined ? '' : `:${reference.tag}`;
  const digest = reference.digest === undefined ? '' : `@${reference.digest}`;
  return `${reference.registry}/${reference.repository}${tag}${digest}`;
}

/** What to ask the registry for: the digest when pinned (it wins over a tag, as in Docker), else the tag, else `latest`. */
export function manifestReferenceOf(reference: ImageReference): string {
  return reference.digest ?? reference.tag ?? 'latest';
}

/** The host that serves the Distribution API for a registry name (only Docker Hub differs). */
export function registryApiHost(registry: string): string {
  return registry === DOCKER_HUB ? DOCKER_HUB_API_HOST : registry;
}

/** Recognises an ECR private registry host and extracts its account and region. */
export function parseEcrRegistry(host: string): EcrRegistry | undefined {
  const match = ECR_HOST.exec(host.toLowerCase());
  if (!match) return undefined;
  return { accountId: match[1] as string, region: match[3] as string, fips: match[2] !== undefined };
}

/** Validates a repository name on its own (an input such as push-ecr's `repository`). */
export function parseRepositoryName(value: string, inputName: string): string {
  const problem = repositoryProblem(value);
  if (problem) {
    throw invalidInput(
      inputName,
      value,
      `is not a valid repository name: ${problem}`,
      "Use lower-case path components separated by '/', e.g. 'team/app'",
    );
  }
  if (value.length > MAX_NAME_LENGTH) throw invalidInput(inputName, value, `is longer than ${MAX_NAME_LENGTH} characters`, 'Use a shorter name');
  return value;
}

/** Validates a tag on its own (an input such as push-ecr's `tags`). */
export function parseTag(value: string, inputName: string): string {
  if (!TAG.test(value)) {
    throw invalidInput(
      inputName,
      value,
      'is not a valid tag',
      'A tag is 1 to 128 letters, digits, underscores, periods and dashes, not starting with a period or dash',
    );
  }
  return value;
}
