import type { Clock } from '../core/clock.js';
import type { SecretSet } from '../core/secrets.js';
import { errorFromNetwork, errorFromStatus, RegistryError, type Operation } from './registry-errors.js';
import { isRedirectStatus, MAX_REDIRECTS, type HttpResponse, type HttpSend } from './http.js';
import { parseRetryAfter } from '../core/retry.js';

/**
 * How to authenticate to a registry.
 * - `basic-token`: a ready-made base64 `user:password`, which is exactly what ECR's GetAuthorizationToken returns
 *   (it decodes to `AWS:<password>`); sent as `Authorization: Basic <token>`.
 * - `basic`: a username and password (htpasswd registries; also exchanged for Bearer tokens where the registry wants that).
 * - `anonymous`: no credentials; Bearer registries still hand out anonymous pull tokens.
 */
export type RegistryCredentials =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'basic'; readonly username: string; readonly password: string }
  | { readonly kind: 'basic-token'; readonly token: string };

export interface AuthChallenge {
  /** Lower-cased: `basic`, `bearer`, ... */
  readonly scheme: string;
  readonly params: Readonly<Record<string, string>>;
}

/**
 * Parses a WWW-Authenticate header, which may carry several challenges:
 * `Bearer realm="https://auth.example/token",service="registry.example",scope="repository:app:pull", Basic realm="x"`.
 */
export function parseWwwAuthenticate(header: string): AuthChallenge[] {
  const challenges: { scheme: string; params: Record<string, string> }[] = [];
  const token = /\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)/y;
  let position = 0;
  while (position < header.length) {
    token.lastIndex = position;
    const word = token.exec(header);
    if (!word) break;
    position = token.lastIndex;
    const rest = header.slice(position);
    const param = /^\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))\s*,?/.exec(rest);
    const current = challenges[challenges.length - 1];
    if (param && current) {
      current.params[(word[1] as string).toLowerCase()] = param[1] !== undefined ? param[1].replace(/\\(.)/g, '$1') : (param[2] ?? '');
      position += param[0].length;
    } else {
      challenges.push({ scheme: (word[1] as string).toLowerCase(), params: {} });
      const comma = /^\s*,/.exec(rest);
      if (comma) position += comma[0].length;
    }
  }
  return challenges;
}

type AuthMode =
  | { readonly kind: 'none' }
  | { readonly kind: 'basic' }
  | { readonly kind: 'bearer'; readonly realm: string; readonly service?: string };

interface CachedToken {
  readonly header: string;
  readonly expiresAt: number;
}

/** Distribution's token spec: tokens without expires_in live 60 seconds. */
const DEFAULT_TOKEN_LIFETIME_S = 60;
/** Renew a little early so a token does not expire between being chosen and being checked by the registry. */
const EXPIRY_MARGIN_MS = 10_000;

function basicHeader(credentials: RegistryCredentials): string | undefined {
  switch (credentials.kind) {
    case 'anonymous':
      return undefined;
    case 'basic':
      return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
    case 'basic-token':
      return `Basic ${credentials.token}`;
  }
}

export interface RegistryAuthorizerOptions {
  readonly registry: string;
  readonly credentials: RegistryCredentials;
  readonly http: HttpSend;
  readonly clock: Clock;
  /** Plain-http token realms are accepted only when the caller allowed plain http for the registry itself. */
  readonly allowHttp: boolean;
  /** Where each bearer token a token server hands out is registered (masked), before any request carries it. */
  readonly secrets?: SecretSet;
}

/**
 * Decides the Authorization header of each registry request. It learns the registry's scheme from the challenge of
 * the first 401 (the ping's, when there are credentials), then authenticates up front: Basic on every request, or a
 * Bearer token per scope, cached until shortly before it expires. Up-front authentication matters for streaming
 * uploads, whose body cannot be replayed after a 401.
 */
export class RegistryAuthorizer {
  private mode: AuthMode = { kind: 'none' };
  private readonly tokens = new Map<string, CachedToken>();
  /** Parallel uploads needing the same scope share one token request. */
  private readonly pending = new Map<string, Promise<CachedToken>>();

  constructor(private readonly options: RegistryAuthorizerOptions) {}

  /**
   * Takes in a challenge. Returns true when it changed what would be sent (a new scheme or realm), so a request that
   * was refused is worth repeating once.
   */
  learn(header: string | null): boolean {
    const challenges = header ? parseWwwAuthenticate(header) : [];
    const bearer = challenges.find((c) => c.scheme === 'bearer' && c.params.realm);
    const basic = challenges.find((c) => c.scheme === 'basic');
    let next: AuthMode;
    if (bearer) {
      next = { kind: 'bearer', realm: bearer.params.realm as string, ...(bearer.params.service ? { service: bearer.params.service } : {}) };
    } else if (basic || challenges.length === 0) {
      // A 401 with no usable challenge: Basic is the only thing left to try.
      next = { kind: 'basic' };
    } else {
      throw new RegistryError(
        `registry ${this.options.registry} asks for unsupported authentication '${challenges.map((c) => c.scheme).join(', ')}'`,
        { operation: { description: `authenticating to ${this.options.registry}` }, status: 401, transient: false },
      );
    }
    const changed = JSON.stringify(next) !== JSON.stringify(this.mode);
    this.mode = next;
    return changed;
  }

  /**
   * Forgets a token the registry refused, so the next request fetches a new one. Returns true when one was cached.
   * With `refused`, only that very header is forgotten: a parallel request may already have cached its successor.
   */
  forget(scopes: readonly string[], refused?: string): boolean {
    const key = scopeKey(scopes);
    if (refused !== undefined && this.tokens.get(key)?.header !== refused) return false;
    return this.tokens.delete(key);
  }

  get scheme(): AuthMode['kind'] {
    return this.mode.kind;
  }

  async authorization(scopes: readonly string[]): Promise<string | undefined> {
    const mode = this.mode;
    if (mode.kind === 'none') return undefined;
    if (mode.kind === 'basic') return basicHeader(this.options.credentials);
    const key = scopeKey(scopes);
    const cached = this.tokens.get(key);
    if (cached && cached.expiresAt > this.options.clock.now()) return cached.header;
    let inFlight = this.pending.get(key);
    if (!inFlight) {
      inFlight = this.fetchToken(mode, scopes).finally(() => this.pending.delete(key));
      this.pending.set(key, inFlight);
    }
    const token = await inFlight;
    this.tokens.set(key, token);
    return token.header;
  }

  /**
   * A token realm may redirect (to a regional endpoint, say). Credentials follow only within the same origin, as
   * browsers do, and never from https down to plain http.
   */
  private async getFollowingRedirects(start: URL, headers: Readonly<Record<string, string>>): Promise<HttpResponse> {
    let url = start;
    for (let hop = 0; ; hop++) {
      const sameOrigin = url.origin === start.origin;
      const { authorization, ...rest } = headers;
      const response = await this.options.http({ method: 'GET', url: url.toString(), headers: sameOrigin || !authorization ? headers : rest });
      const location = response.headers.get('location');
      if (!isRedirectStatus(response.status) || !location) return response;
      await response.discard();
      if (hop >= MAX_REDIRECTS) throw new Error(`more than ${MAX_REDIRECTS} redirects`);
      const next = new URL(location, url);
      if (next.protocol !== 'https:' && !(next.protocol === 'http:' && this.options.allowHttp)) {
        throw new Error(`the token realm redirected to ${next.origin}, which is not https`);
      }
      url = next;
    }
  }

  private async fetchToken(mode: Extract<AuthMode, { kind: 'bearer' }>, scopes: readonly string[]): Promise<CachedToken> {
    const operation: Operation = {
      description: `authenticating to ${this.options.registry}${scopes.length ? ` for ${scopes.join(' ')}` : ''}`,
    };
    let url: URL;
    try {
      url = new URL(mode.realm);
    } catch {
      throw new RegistryError(`${operation.description} failed: the token realm '${mode.realm}' is not a URL`, { operation, transient: false });
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && this.options.allowHttp)) {
      throw new RegistryError(
        `${operation.description} failed: the token realm ${mode.realm} is not https; credentials are only sent over TLS`,
        { operation, transient: false },
      );
    }
    if (mode.service) url.searchParams.set('service', mode.service);
    for (const scope of scopes) url.searchParams.append('scope', scope);
    const headers: Record<string, string> = { accept: 'application/json' };
    const basic = basicHeader(this.options.credentials);
    if (basic) headers.authorization = basic;

    const started = this.options.clock.now();
    // One attempt: every caller is inside a retried request, which tries again (and fetches again) on a transient failure.
    let response: HttpResponse;
    try {
      response = await this.getFollowingRedirects(url, headers);
    } catch (error) {
      throw errorFromNetwork(operation, error);
    }
    const body = await response.text().catch(() => '');
    if (response.status !== 200) {
      const hint = response.status === 401 || response.status === 403 ? 'Check the registry credentials' : undefined;
      throw errorFromStatus(operation, response.status, response.statusText, body, parseRetryAfter(response.headers.get('retry-after'), this.options.clock.now()), hint);
    }
    let parsed: { token?: unknown; access_token?: unknown; expires_in?: unknown; issued_at?: unknown };
    try {
      parsed = JSON.parse(body) as typeof parsed;
    } catch {
      throw new RegistryError(`${operation.description} failed: the token server's answer is not JSON`, { operation, transient: false });
    }
    const token = typeof parsed.token === 'string' ? parsed.token : typeof parsed.access_token === 'string' ? parsed.access_token : undefined;
    if (!token) throw new RegistryError(`${operation.description} failed: the token server sent no token`, { operation, transient: false });
    this.options.secrets?.add(token);
    const lifetimeS = typeof parsed.expires_in === 'number' && parsed.expires_in > 0 ? parsed.expires_in : DEFAULT_TOKEN_LIFETIME_S;
    // Our own clock, not issued_at: the server's clock may be skewed against ours.
    const expiresAt = started + Math.max(lifetimeS * 1000 - EXPIRY_MARGIN_MS, lifetimeS * 500);
    return { header: `Bearer ${token}`, expiresAt };
  }
}

function scopeKey(scopes: readonly string[]): string {
  return [...scopes].sort().join(' ');
}
