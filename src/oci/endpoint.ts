import { invalidInput } from '../core/errors.js';
import { isLoopbackHost } from './loopback.js';

/**
 * A `registry-endpoint` value as errors show it: everything up to its last `@` replaced by `***`. Where a URL parser
 * ends the user info depends on characters a password may hold (`https://deploy:99#Secret@host` parses as host
 * `deploy`, port 99 and a fragment), and a registry endpoint has no place for an `@` of its own, so any `@` means the
 * part before it could be a password.
 */
export function withoutCredentials(value: string): string {
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(value)?.[0] ?? '';
  const at = value.lastIndexOf('@');
  return at < scheme.length ? value : `${scheme}***@${value.slice(at + 1)}`;
}

/**
 * A registry base URL given instead of the registry's own host (a VPC endpoint, a local mirror, the loopback testbed),
 * as every action's `registry-endpoint` takes it: http(s), no path, query or fragment, no credentials (drydock logs
 * in itself, and a password in a URL ends up in logs), and plain HTTP only to this machine, since the registry's
 * credentials (an ECR password, a token) would otherwise cross the network in clear text. Refusals never show
 * credentials.
 */
export function parseRegistryBaseUrl(input: string, value: string): URL {
  const shown = withoutCredentials(value);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidInput(input, shown, 'is not a URL', 'Write it as https://host[:port]');
  }
  if (url.username || url.password) {
    throw invalidInput(input, shown, 'has credentials in it', 'Write it as https://host[:port]; drydock logs in to ECR registries itself and reads other registries anonymously');
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw invalidInput(input, shown, 'is not a registry base URL', 'Write it as https://host[:port], without a path');
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.host)) {
    throw invalidInput(input, shown, 'uses plain HTTP to a host that is not this machine', 'Use https://; plain HTTP is only allowed for loopback test registries');
  }
  return url;
}
