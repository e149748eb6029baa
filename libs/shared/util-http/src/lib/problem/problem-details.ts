import { STATUS_CODES } from 'node:http';

/** Media type of every error response (RFC 9457). */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** One invalid input field, as listed in a validation problem's `errors`. */
export interface FieldError {
  /** Dotted path of the field in the request (`address.city`, `limit`). */
  field: string;
  /** Where the field was read from. */
  in: 'body' | 'query' | 'path' | 'header';
  message: string;
}

/** RFC 9457 problem details; extension members are allowed next to the standard ones. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/**
 * Problem type URIs. `about:blank` means "nothing beyond the HTTP status"; the others name a
 * condition a client can act on. URNs, because they identify and need not resolve.
 */
export const ProblemTypes = {
  blank: 'about:blank',
  validation: 'urn:problem-type:validation-error',
  conflict: 'urn:problem-type:conflict',
  preconditionFailed: 'urn:problem-type:precondition-failed',
  upstreamUnavailable: 'urn:problem-type:upstream-unavailable',
  upstreamTimeout: 'urn:problem-type:upstream-timeout',
  badGateway: 'urn:problem-type:bad-gateway',
  notReady: 'urn:problem-type:not-ready',
  dependencyUnavailable: 'urn:problem-type:dependency-unavailable',
  unauthenticated: 'urn:problem-type:unauthenticated',
  forbidden: 'urn:problem-type:forbidden',
  tooManyRequests: 'urn:problem-type:too-many-requests',
} as const;

/** The standard reason phrase of an HTTP status, used as a problem's title by default. */
export function statusTitle(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}
