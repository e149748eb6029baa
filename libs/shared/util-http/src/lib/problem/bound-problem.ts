import type { FieldError, ProblemDetails } from './problem-details';

/**
 * Upper bounds of a problem body's members, published as maxLength/maxItems in the OpenAPI
 * schema and enforced by boundProblem where every problem is written. Parts of a problem can
 * echo the request (unknown property names, the path), so without them a large request would
 * make a large error.
 */
export const PROBLEM_LIMITS = {
  title: 200,
  detail: 2_000,
  instance: 2_048,
  /** Field errors listed; a request with more invalid fields gets the first ones. */
  errors: 50,
  field: 200,
  message: 500,
} as const;

const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** A character a URI may not hold as such, or a `%` that does not start an escape. */
const NOT_URI = /%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]/gu;
const percentEncode = (text: string): string =>
  [...Buffer.from(text, 'utf8')].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');

/**
 * `instance` as the URI reference RFC 9457 asks for: Node accepts request lines with characters
 * no URI may hold (`|`, `{`, `"`, non-ASCII), and they are percent-encoded here. Cut without an
 * ellipsis, and never inside an escape.
 */
function asUriReference(path: string, max: number): string {
  const encoded = path.replace(NOT_URI, percentEncode);
  return encoded.length <= max ? encoded : encoded.slice(0, max).replace(/%[0-9A-F]?$/, '');
}

const boundFieldError = (error: FieldError): FieldError => ({
  ...error,
  field: clip(error.field, PROBLEM_LIMITS.field),
  message: clip(error.message, PROBLEM_LIMITS.message),
});

/** The problem with every member within PROBLEM_LIMITS (unchanged when it already is). */
export function boundProblem(problem: ProblemDetails): ProblemDetails {
  const bounded: ProblemDetails = { ...problem, title: clip(problem.title, PROBLEM_LIMITS.title) };
  if (problem.detail !== undefined) bounded.detail = clip(problem.detail, PROBLEM_LIMITS.detail);
  if (problem.instance !== undefined) bounded.instance = asUriReference(problem.instance, PROBLEM_LIMITS.instance);
  if (problem.errors !== undefined)
    bounded.errors = problem.errors.slice(0, PROBLEM_LIMITS.errors).map(boundFieldError);
  return bounded;
}
