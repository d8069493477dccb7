import type { Clock } from '../core/clock.js';
import type { SecretSet } from '../core/secrets.js';
import type { Logger } from '../core/logger.js';
import { parseRetryAfter, withRetry, type RetryOptions } from '../core/retry.js';
import { RegistryAuthorizer, type RegistryCredentials } from './auth.js';
import { isRedirectStatus, MAX_REDIRECTS, type HttpResponse, type HttpSend } from './http.js';
import { classifyRegistryFailure, errorFromNetwork, errorFromStatus, isStall, RegistryError, type Operation } from './registry-errors.js';

export interface RetrySettings {
  /** Total attempts including the first. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly random?: () => number;
}

export const DEFAULT_RETRY: RetrySettings = { attempts: 5, baseDelayMs: 500, maxDelayMs: 20_000 };

export type HttpMethod = 'GET' | 'HEAD' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';

export interface RegistryRequest {
  readonly method: HttpMethod;
  /** A path under the registry (`/v2/...`) or an absolute URL (an upload location, a Link). */
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Buffered bodies only: they can be sent again after a 401 or a failure. Streaming bodies use `sendStream`. */
  readonly body?: Uint8Array;
  /** Token scopes, e.g. `repository:app:pull,push`. */
  readonly scopes: readonly string[];
  readonly operation: Operation;
  /** Statuses that are answers rather than failures (e.g. 404 for "is this blob there?"). */
  readonly expect: readonly number[];
  /** Follow 3xx for GET: the next hop is sent without Authorization (ECR redirects blobs to presigned S3 URLs). */
  readonly followRedirects?: boolean;
}

export interface StreamingRequest extends Omit<RegistryRequest, 'body' | 'followRedirects'> {
  readonly body: AsyncIterable<Uint8Array>;
  readonly contentLength: number;
}

export interface RegistryHttpOptions {
  readonly registry: string;
  readonly baseUrl: string;
  readonly credentials: RegistryCredentials;
  readonly http: HttpSend;
  readonly clock: Clock;
  readonly logger?: Logger;
  readonly retry: RetrySettings;
  readonly allowHttp: boolean;
  readonly userAgent?: string;
  /** Where bearer tokens from the registry's token server are registered (masked). */
  readonly secrets?: SecretSet;
}

/**
 * One registry's HTTP layer: URL resolution, authentication, retries and error mapping. Every request the client
 * makes goes through `request` (retried) or `sendStream` (one attempt; the caller retries with a fresh stream).
 */
export class RegistryHttp {
  readonly authorizer: RegistryAuthorizer;
  /** The ping that learns the auth scheme; shared by all requests, cleared when it fails so the next one tries again. */
  private pinged: Promise<void> | undefined;
  /** Some answer (the ping's, or any request's) has shown how this registry authenticates. */
  private schemeKnown = false;
  /** options.baseUrl, parsed once: every request is resolved against it and compared with its origin. */
  private readonly base: URL;

  constructor(private readonly options: RegistryHttpOptions) {
    this.base = new URL(options.baseUrl);
    this.authorizer = new RegistryAuthorizer({
      registry: options.registry,
      credentials: options.credentials,
      http: options.http,
      clock: options.clock,
      allowHttp: options.allowHttp,
      ...(options.secrets ? { secrets: options.secrets } : {}),
    });
  }

  get registry(): string {
    return this.options.registry;
  }

  resolve(url: string): string {
    return new URL(url, this.base).toString();
  }

  /**
   * Where a request goes, and whether the registry's credentials may go with it: only to the registry's own origin.
   * An upload Location or a Link page on another host is sent without Authorization (containerd drops its authorizer
   * there too), and its 401 teaches nothing about the registry. A URL that would take a request from https down to
   * plain http is refused unless plain http was allowed.
   */
  private target(request: { url: string; operation: Operation }): { url: string; ownOrigin: boolean } {
    const url = new URL(request.url, this.base);
    if (url.protocol !== this.base.protocol && !(url.protocol === 'https:' || this.options.allowHttp)) {
      throw new RegistryError(
        `${request.operation.description} failed: the registry sent it to ${url.origin}, which is not https; refusing to send it unencrypted`,
        { operation: request.operation, transient: false },
      );
    }
    return { url: url.toString(), ownOrigin: url.origin === this.base.origin };
  }

  /** `GET /v2/`: 200 means no authentication; 401 carries the challenge that says how to authenticate. */
  ping(): Promise<void> {
    this.pinged ??= this.pingOnce().catch((error: unknown) => {
      this.pinged = undefined;
      throw error;
    });
    return this.pinged;
  }

  private async pingOnce(): Promise<void> {
    const operation = { description: `pinging registry ${this.options.registry}` };
    const request: RegistryRequest = { method: 'GET', url: '/v2/', scopes: [], operation, expect: [200, 401] };
    const response = await this.retrying(operation, async () => this.checked(request, await this.sendOnce(request, this.resolve(request.url), undefined)));
    await response.discard();
    if (response.status === 401) this.authorizer.learn(response.headers.get('www-authenticate'));
    this.schemeKnown = true;
  }

  /**
   * What must happen before a request with a replayable body. With credentials, the ping: it learns the scheme once,
   * so no request is refused for lack of them. Anonymous clients skip it (as containerd does): most such registries
   * need no authentication, and for the others a request's own 401 teaches the scheme and the request is repeated,
   * so the first requests of a run go out one round trip sooner.
   */
  private async beforeRequest(): Promise<void> {
    if (this.options.credentials.kind !== 'anonymous') await this.ping();
  }

  /** Sends a request with retries on transient failures; returns the response (body unread) for an expected status. */
  async request(request: RegistryRequest): Promise<HttpResponse> {
    await this.beforeRequest();
    return this.retrying(request.operation, () => this.sendAuthenticated(request));
  }

  /** One attempt without retries, for callers that retry a larger operation themselves (an upload: POST then PUT). */
  async requestOnce(request: RegistryRequest): Promise<HttpResponse> {
    await this.beforeRequest();
    return this.sendAuthenticated(request);
  }

  /**
   * Like `request`, and reads the (small) response body within the same attempt, so a connection dropped mid-body is
   * retried like any other transient failure. Bodies over `limit` bytes are refused.
   */
  async requestBytes(request: RegistryRequest, limit: number): Promise<{ response: HttpResponse; bytes: Uint8Array }> {
    await this.beforeRequest();
    return withRetry(
      async () => {
        const response = await this.sendAuthenticated(request);
        let bytes: Uint8Array;
        try {
          bytes = await response.bytes(limit);
        } catch (error) {
          if (error instanceof RangeError) {
            throw new RegistryError(`${request.operation.description} failed: ${error.message}`, { operation: request.operation, transient: false });
          }
          throw errorFromNetwork(request.operation, error);
        }
        return { response, bytes };
      },
      this.retryOptions(request.operation),
    );
  }

  /**
   * Sends a request whose body is a stream, once: a stream cannot be replayed, so a failure is thrown for the caller
   * to restart the whole operation with a freshly opened stream. Authentication happens up front (see RegistryAuthorizer).
   */
  async sendStream(request: StreamingRequest): Promise<HttpResponse> {
    // A streamed body cannot be sent twice: the scheme must be known before it goes out.
    if (!this.schemeKnown) await this.ping();
    const target = this.target(request);
    const authorization = target.ownOrigin ? await this.authorizer.authorization(request.scopes) : undefined;
    const headers = { ...request.headers, 'content-length': String(request.contentLength) };
    let response: HttpResponse;
    try {
      response = await this.options.http({
        method: request.method,
        url: target.url,
        headers: this.headers(headers, authorization),
        body: request.contentLength === 0 ? new Uint8Array(0) : request.body,
      });
    } catch (error) {
      throw errorFromNetwork(request.operation, error, target.url);
    }
    if (response.status === 401 && target.ownOrigin) {
      // A token that expired mid-run: forget it; the caller's retry will fetch a new one.
      const renewed = this.authorizer.learn(response.headers.get('www-authenticate')) || this.authorizer.forget(request.scopes, authorization);
      const error = await this.failure(request.operation, response);
      if (renewed) throw new RegistryError(error.message, { operation: request.operation, status: 401, transient: true });
      throw error;
    }
    if (!request.expect.includes(response.status)) throw await this.failure(request.operation, response);
    return response;
  }

  private retrying(operation: Operation, attempt: () => Promise<HttpResponse>): Promise<HttpResponse> {
    return withRetry(attempt, this.retryOptions(operation));
  }

  private retryOptions(operation: Operation): RetryOptions {
    return {
      ...this.options.retry,
      clock: this.options.clock,
      classify: classifyRegistryFailure,
      // A stall is visible (the step sat silent for the idle timeout, and may again); throttling and blips are not.
      onRetry: (error, number, delayMs) => {
        const line = `retrying ${operation.description} in ${delayMs} ms (attempt ${number + 1} of ${this.options.retry.attempts}): ${(error as Error).message}`;
        if (isStall(error)) this.options.logger?.info(line);
        else this.options.logger?.debug(line);
      },
    };
  }

  /**
   * One attempt, plus at most one repeat after a 401 when the request would now go out with other credentials: the
   * challenge taught a scheme (or a parallel request already did), or the refused token was forgotten and renewed.
   */
  private async sendAuthenticated(request: RegistryRequest): Promise<HttpResponse> {
    const target = this.target(request);
    if (!target.ownOrigin) return this.checked(request, await this.sendOnce(request, target.url, undefined));
    const sent = await this.authorizer.authorization(request.scopes);
    const first = await this.sendOnce(request, target.url, sent);
    this.schemeKnown = true; // an answer, 401 or not, shows how the registry authenticates
    if (first.status !== 401 || request.expect.includes(401)) return this.checked(request, first);
    this.authorizer.learn(first.headers.get('www-authenticate'));
    if (sent !== undefined) this.authorizer.forget(request.scopes, sent);
    const next = await this.authorizer.authorization(request.scopes);
    if (next === undefined || next === sent) return this.checked(request, first);
    await first.discard();
    return this.checked(request, await this.sendOnce(request, target.url, next));
  }

  private async checked(request: RegistryRequest, response: HttpResponse): Promise<HttpResponse> {
    if (request.expect.includes(response.status)) return response;
    throw await this.failure(request.operation, response);
  }

  private async failure(operation: Operation, response: HttpResponse): Promise<RegistryError> {
    const body = await response.text().catch(() => '');
    const hint =
      response.status === 401
        ? this.options.credentials.kind === 'anonymous'
          ? 'The registry needs credentials and none were given'
          : 'Check the registry credentials (an ECR token lasts 12 hours)'
        : undefined;
    return errorFromStatus(
      operation,
      response.status,
      response.statusText,
      body,
      parseRetryAfter(response.headers.get('retry-after'), this.options.clock.now()),
      hint,
    );
  }

  /** Sends one request to `start`, following redirects by hand so Authorization never reaches the redirect target. */
  private async sendOnce(request: RegistryRequest, start: string, authorization: string | undefined): Promise<HttpResponse> {
    let url = start;
    let sendAuthorization = authorization;
    for (let hop = 0; ; hop++) {
      let response: HttpResponse;
      try {
        response = await this.options.http({
          method: request.method,
          url,
          headers: this.headers(request.headers ?? {}, sendAuthorization),
          ...(request.body ? { body: request.body } : {}),
        });
      } catch (error) {
        throw errorFromNetwork(request.operation, error, url);
      }
      const location = response.headers.get('location');
      if (!isRedirectStatus(response.status) || !request.followRedirects || !location || request.expect.includes(response.status)) return response;
      if (hop >= MAX_REDIRECTS) {
        throw new RegistryError(`${request.operation.description} failed: more than ${MAX_REDIRECTS} redirects`, {
          operation: request.operation,
          status: response.status,
          transient: false,
        });
      }
      await response.discard();
      url = new URL(location, url).toString();
      // The redirect target (S3, a CDN) authenticates by its URL; registry credentials must not leak to it, and S3
      // refuses a request that carries both.
      sendAuthorization = undefined;
    }
  }

  private headers(base: Readonly<Record<string, string>>, authorization: string | undefined): Record<string, string> {
    const headers: Record<string, string> = { ...base };
    if (authorization) headers.authorization = authorization;
    if (this.options.userAgent) headers['user-agent'] = this.options.userAgent;
    return headers;
  }
}
