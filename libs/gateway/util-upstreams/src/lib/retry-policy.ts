import type { IncomingHttpHeaders } from 'node:http';

/** The connection was never made: the request did not reach the upstream. */
const NOT_CONNECTED = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
]);
/** The connection broke before a response came. */
const RESET = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE', 'UND_ERR_CLOSED']);

/**
 * The HTTP client refused to send the request (an argument or header it does not accept): the
 * request never left the gateway, so the upstream did nothing wrong.
 */
const REFUSED_LOCALLY = new Set([
  'UND_ERR_INVALID_ARG',
  'UND_ERR_NOT_SUPPORTED',
  'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH',
  'ERR_INVALID_CHAR',
  'ERR_INVALID_HTTP_TOKEN',
]);

/** Why one attempt failed, as far as retrying and health are concerned. */
export type AttemptFailure = 'refused_locally' | 'not_connected' | 'reset' | 'timeout' | 'other';

export function attemptFailureOf(error: unknown): AttemptFailure {
  const code = (error as { code?: string })?.code ?? '';
  const cause = (error as { cause?: { code?: string } })?.cause?.code ?? '';
  if (REFUSED_LOCALLY.has(code)) return 'refused_locally';
  if (NOT_CONNECTED.has(code) || NOT_CONNECTED.has(cause)) return 'not_connected';
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return 'timeout';
  if (RESET.has(code) || RESET.has(cause)) return 'reset';
  return 'other';
}

/**
 * Whether a repeat of this request on another instance is safe: GET and HEAD always; PUT and
 * DELETE only with If-Match, since a repeat of a conditional write cannot apply twice (the
 * version has moved on after the first).
 */
export function isRepeatable(method: string, headers: IncomingHttpHeaders): boolean {
  if (method === 'GET' || method === 'HEAD') return true;
  return (method === 'PUT' || method === 'DELETE') && headers['if-match'] !== undefined;
}

/** Statuses that say "this instance cannot serve now", worth another instance for a repeatable request. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([502, 503]);

/** Statuses that count against an instance (outlier detection) and the upstream (circuit breaker). */
export const FAILURE_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);

/**
 * Whether a failed attempt may go to another instance. A connection that was never made is
 * retried for every method (the request never left, as nginx does); a reset or a 502/503 only
 * for repeatable requests; a timeout never (the upstream may still be working on it, and the
 * client's deadline is spent).
 */
export function mayRetry(failure: AttemptFailure | number, repeatable: boolean): boolean {
  if (failure === 'not_connected') return true;
  if (failure === 'reset') return repeatable;
  return typeof failure === 'number' && RETRYABLE_STATUSES.has(failure) && repeatable;
}
