import { HttpMethod, IsomorphicFetchHttpLibrary, RequestContext, type KubeConfig } from '@kubernetes/client-node';
import type { Clock } from '../core/clock.js';
import type { SecretSet } from '../core/secrets.js';
import { errorMessage, RemoteError } from '../core/errors.js';
import { parseRetryAfter, withRetry } from '../core/retry.js';
import { USER_AGENT } from '../core/version.js';

/**
 * Raw requests to a Kubernetes API server. Authentication and TLS come from @kubernetes/client-node's KubeConfig
 * (tokens, client certificates, exec plugins, auth providers, drydock's refreshing token sources), the request itself
 * is drydock's: bodies go out exactly as written, because the generated models would drop fields they do not know.
 */
export interface KubeRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly body?: string;
  readonly contentType?: string;
}

export interface KubeResponse {
  readonly status: number;
  readonly body: unknown;
}

export interface KubeTransport {
  /** The API server URL, for messages. */
  readonly server: string;
  request(request: KubeRequest): Promise<KubeResponse>;
  close(): Promise<void>;
}

/** A failed API call: the server's Status (reason, message, causes) when it sent one. */
export class KubeApiError extends RemoteError {
  override readonly name = 'KubeApiError';
  constructor(
    message: string,
    status: number,
    readonly reason: string | undefined,
    readonly causes: readonly { reason?: string; message?: string; field?: string }[] = [],
  ) {
    super(message, status);
  }
}

const METHODS = { GET: HttpMethod.GET, POST: HttpMethod.POST, PUT: HttpMethod.PUT, PATCH: HttpMethod.PATCH, DELETE: HttpMethod.DELETE };
const REQUEST_TIMEOUT_MS = 60_000;
const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);

export interface TransportOptions {
  readonly clock: Clock;
  readonly signal?: AbortSignal;
  /** Attempts per request, including the first (transient failures only). */
  readonly attempts?: number;
  /** Random source for backoff jitter; tests make it fixed. */
  readonly random?: () => number;
  /**
   * Where the credential each request carries is registered (masked): a token from an exec plugin or an auth
   * provider is never in the kubeconfig, so masking the kubeconfig's own credentials does not cover it.
   */
  readonly secrets?: SecretSet;
  /**
   * What to do when the API server answers 401 to these credentials, added to the message of every 401: credentials
   * can stop working part-way (a token revoked, an access entry removed), after the first request went through.
   */
  readonly unauthorizedHint?: string;
}

/** Network-level failures undici reports (connection refused, reset, TLS hiccups): worth another try. */
function isNetworkError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'AbortError' || error.name === 'TimeoutError') return false;
  return error.name === 'TypeError' && /fetch failed|terminated|socket/i.test(error.message);
}

/** `Bearer <token>` (or any `<scheme> <credentials>`): the credentials part is the secret. */
function registerCredential(authorization: string | undefined, secrets: SecretSet | undefined): void {
  const credentials = authorization?.replace(/^\S+\s+/, '').trim();
  if (credentials) secrets?.add(credentials);
}

export function createKubeTransport(kubeConfig: KubeConfig, options: TransportOptions): KubeTransport {
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster');
  const server = cluster.server.replace(/\/+$/, '');
  const http = new IsomorphicFetchHttpLibrary();
  // client-node builds a new connection pool for every request; drydock keeps the first one, so requests share
  // keep-alive connections (one TLS handshake per connection, not per request).
  let dispatcher: ReturnType<RequestContext['getDispatcher']>;

  const send = async (request: KubeRequest): Promise<KubeResponse> => {
    const url = new URL(server + request.path);
    for (const [name, value] of Object.entries(request.query ?? {})) if (value !== undefined) url.searchParams.set(name, value);
    const context = new RequestContext(url.toString(), METHODS[request.method]);
    context.setHeaderParam('Accept', 'application/json');
    context.setHeaderParam('User-Agent', USER_AGENT);
    if (request.body !== undefined) {
      context.setHeaderParam('Content-Type', request.contentType ?? 'application/json');
      context.setBody(request.body);
    }
    await kubeConfig.applySecurityAuthentication(context);
    registerCredential(context.getHeaders()['Authorization'], options.secrets);
    dispatcher ??= context.getDispatcher();
    if (dispatcher) context.setDispatcher(dispatcher);
    const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
    context.setSignal(options.signal ? AbortSignal.any([options.signal, timeout]) : timeout);
    const response = await http.send(context).toPromise();
    const text = await response.body.text();
    let body: unknown = text;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      // Not JSON (a proxy's error page): kept as text for the message.
    }
    if (response.httpStatusCode >= 400) throw apiError(response.httpStatusCode, body, response.headers['retry-after']);
    return { status: response.httpStatusCode, body };
  };

  return {
    server,
    request: (request) =>
      withRetry(() => send(request), {
        attempts: options.attempts ?? 4,
        baseDelayMs: 500,
        maxDelayMs: 8000,
        clock: options.clock,
        ...(options.random ? { random: options.random } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        classify: (error) => {
          if (error instanceof RetryableStatus) return { retry: true, ...(error.afterMs !== undefined ? { afterMs: error.afterMs } : {}) };
          return { retry: isNetworkError(error) };
        },
      }).catch((error: unknown) => {
        if (error instanceof RetryableStatus) throw error.error;
        if (error instanceof KubeApiError) throw error;
        const reason = errorMessage(error);
        const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
        throw new RemoteError(`${request.method} ${request.path} on ${server} failed: ${reason}${cause}`, undefined, { cause: error });
      }),
    close: async () => {
      const closable = dispatcher as { close?: () => Promise<void> } | undefined;
      await closable?.close?.();
    },
  };

  /** `Unauthorized (401). <hint>`: the server's words, the status when they do not name it, and what to do. */
  function unauthorizedMessage(serverMessage: string): string {
    const status = /\b401\b/.test(serverMessage) ? '' : ' (401)';
    return `${serverMessage.replace(/\.$/, '')}${status}. ${options.unauthorizedHint ?? 'The cluster rejected the credentials.'}`;
  }

  function apiError(status: number, body: unknown, retryAfter: string | undefined): Error {
    const statusObject = typeof body === 'object' && body !== null ? (body as Record<string, any>) : undefined;
    const serverMessage = String(statusObject?.['message'] ?? (typeof body === 'string' && body ? body.slice(0, 200) : `HTTP ${status}`));
    const message = status === 401 ? unauthorizedMessage(serverMessage) : serverMessage;
    const error = new KubeApiError(message, status, statusObject?.['reason'], statusObject?.['details']?.causes ?? []);
    if (RETRYABLE_STATUS.has(status)) {
      const afterMs = parseRetryAfter(retryAfter, options.clock.now());
      return new RetryableStatus(error, afterMs);
    }
    return error;
  }
}

/** Carries a retryable API error through withRetry, with the server's Retry-After. */
class RetryableStatus extends Error {
  constructor(
    readonly error: KubeApiError,
    readonly afterMs: number | undefined,
  ) {
    super(error.message);
  }
}
