import { ConfigurationError, RemoteError } from '../core/errors.js';
import type { RetryDecision } from '../core/retry.js';
import { DigestMismatchError } from './digest.js';

/** What a request was for, in words a user recognises: "pushing blob sha256:0123… to app". */
export interface Operation {
  readonly description: string;
  readonly repository?: string;
}

/**
 * A registry answered with an error, or could not be reached. The message reads
 * `<operation> failed: <status> <CODE>: <registry's message>` so the log line alone says what happened.
 */
export class RegistryError extends RemoteError {
  readonly operation: string;
  readonly repository?: string;
  /** The Distribution error code (DENIED, MANIFEST_UNKNOWN, ...), when the registry sent one. */
  readonly code?: string;
  /** The server's Retry-After, in milliseconds. */
  readonly retryAfterMs?: number;
  /** Worth another attempt: 5xx, 429, 408, a dropped connection, or an expired token. */
  readonly transient: boolean;

  constructor(
    message: string,
    details: {
      operation: Operation;
      status?: number;
      code?: string;
      retryAfterMs?: number;
      transient: boolean;
      cause?: unknown;
    },
  ) {
    super(message, details.status, details.cause === undefined ? undefined : { cause: details.cause });
    this.operation = details.operation.description;
    if (details.operation.repository !== undefined) this.repository = details.operation.repository;
    if (details.code !== undefined) this.code = details.code;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
    this.transient = details.transient;
  }
}

interface DistributionErrorEntry {
  code?: unknown;
  message?: unknown;
  detail?: unknown;
}

/** Reads `{"errors":[{"code","message","detail"}]}`; falls back to the first line of a non-JSON body. */
export function describeErrorBody(body: string): { code?: string; message?: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    // Not JSON: proxies and load balancers answer with text or HTML.
    const line = body.split('\n').find((l) => l.trim() !== '')?.trim();
    return line ? { message: line.length > 200 ? `${line.slice(0, 200)}…` : line } : {};
  }
  if (typeof parsed !== 'object' || parsed === null) return {};
  const { errors, message: topMessage } = parsed as { errors?: unknown; message?: unknown };
  const first = Array.isArray(errors) ? (errors[0] as DistributionErrorEntry | undefined) : undefined;
  if (!first) {
    // JSON without a Distribution error list: some proxies answer {"message": "..."}.
    return typeof topMessage === 'string' && topMessage !== '' ? { message: topMessage } : {};
  }
  const code = typeof first.code === 'string' ? first.code : undefined;
  let message = typeof first.message === 'string' ? first.message : undefined;
  // ECR and distribution put the useful part (which tag, which digest) in detail.
  if (typeof first.detail === 'string' && first.detail !== '' && first.detail !== message) {
    message = message ? `${message} (${first.detail})` : first.detail;
  }
  return { ...(code ? { code } : {}), ...(message ? { message } : {}) };
}

export function isTransientStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}

export function errorFromStatus(
  operation: Operation,
  status: number,
  statusText: string,
  body: string,
  retryAfterMs: number | undefined,
  hint?: string,
): RegistryError {
  const { code, message } = describeErrorBody(body);
  const parts = [`${status}`, code ?? statusText].filter(Boolean).join(' ');
  const text = `${operation.description} failed: ${parts}${message ? `: ${message}` : ''}${hint ? `. ${hint}` : ''}`;
  return new RegistryError(text, {
    operation,
    status,
    ...(code ? { code } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    transient: isTransientStatus(status),
  });
}

/** Errors that mean "the bytes are wrong" or "the caller is wrong": the same attempt would fail the same way. */
const PERMANENT_CODES = new Set(['UND_ERR_REQ_CONTENT_LENGTH_MISMATCH', 'ERR_HTTP_CONTENT_LENGTH_MISMATCH', 'ERR_HTTP_INVALID_RESPONSE', 'UND_ERR_INVALID_ARG', 'ERR_INVALID_URL', 'ENOENT', 'EACCES', 'EISDIR']);
/** Errors of a connection, not of the request: retrying on a fresh connection usually works. */
const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ERR_STREAM_PREMATURE_CLOSE',
]);
const TRANSIENT_MESSAGES = /socket hang up|other side closed|terminated|fetch failed|premature close/i;

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current = error; current !== undefined && chain.length < 8; current = (current as { cause?: unknown }).cause) {
    chain.push(current);
    if (typeof current !== 'object' || current === null) break;
  }
  return chain;
}

/** Finds a digest mismatch anywhere in an error's cause chain (fetch wraps a failing request body in "fetch failed"). */
export function findDigestMismatch(error: unknown): DigestMismatchError | undefined {
  return causes(error).find((e): e is DigestMismatchError => e instanceof DigestMismatchError);
}

/** A dropped connection, a reset, a timeout: anything where the same request on a new connection may well succeed. */
export function isTransientNetworkError(error: unknown): boolean {
  const chain = causes(error);
  if (chain.some((e) => e instanceof DigestMismatchError || e instanceof ConfigurationError)) return false;
  const codes = chain.map((e) => (e as { code?: unknown } | null)?.code).filter((c): c is string => typeof c === 'string');
  if (codes.some((c) => PERMANENT_CODES.has(c))) return false;
  if (codes.some((c) => TRANSIENT_CODES.has(c))) return true;
  return chain.some((e) => e instanceof Error && TRANSIENT_MESSAGES.test(e.message));
}

/**
 * OpenSSL's words when a TLS handshake gets a plain-HTTP answer ("HTTP/1.1 ..." read as a TLS record header): the
 * registry speaks HTTP on that port. Its message carries OpenSSL's source paths and a newline, and says none of that.
 */
function isPlainHttpAnswer(chain: readonly unknown[]): boolean {
  return chain.some((e) => (e as { code?: unknown } | null)?.code === 'EPROTO' && /wrong version number/i.test((e as { message?: unknown }).message as string));
}

/** Wraps a failure to get any answer at all (connection refused, reset, body stream error) from `url`. */
export function errorFromNetwork(operation: Operation, error: unknown, url?: string): RegistryError | DigestMismatchError {
  const mismatch = findDigestMismatch(error);
  if (mismatch) return mismatch;
  if (error instanceof RegistryError) return error;
  const chain = causes(error);
  if (url !== undefined && isPlainHttpAnswer(chain)) {
    const host = new URL(url).host;
    return new RegistryError(
      `${operation.description} failed: the registry at ${host} answered in plain HTTP, not HTTPS. ` +
        `For a plain-HTTP registry on this machine, set registry-endpoint to http://${host}; otherwise check the host and port.`,
      { operation, transient: false, cause: error },
    );
  }
  const innermost = chain[chain.length - 1];
  const detail = (innermost instanceof Error ? innermost.message : String(innermost)).trim();
  const code = chain.map((e) => (e as { code?: unknown } | null)?.code).find((c): c is string => typeof c === 'string');
  return new RegistryError(`${operation.description} failed: ${detail}${code && !detail.includes(code) ? ` (${code})` : ''}`, {
    operation,
    transient: isTransientNetworkError(error),
    cause: error,
  });
}

/** A request the server left without an answer until the idle timeout (ETIMEDOUT anywhere in the cause chain). */
export function isStall(error: unknown): boolean {
  return causes(error).some((each) => (each as { code?: unknown } | null)?.code === 'ETIMEDOUT');
}

/** The retry policy of every registry request: retry what is transient, honouring the server's Retry-After. */
export function classifyRegistryFailure(error: unknown): RetryDecision {
  if (error instanceof RegistryError) {
    return error.retryAfterMs === undefined ? { retry: error.transient } : { retry: error.transient, afterMs: error.retryAfterMs };
  }
  return { retry: isTransientNetworkError(error) };
}
