/** Strong ETag of a user version. */
export const etagOf = (version: number): string => `"${version}"`;

/**
 * Whether an If-Match header allows a write to a resource at `version` (RFC 9110 §13.1.1):
 * `*` matches any existing resource, otherwise one of the listed strong tags must be equal.
 * Weak tags (`W/"3"`) never match, as If-Match requires strong comparison.
 */
export function ifMatchAllows(header: string, version: number): boolean {
  const current = etagOf(version);
  return header
    .split(',')
    .map((tag) => tag.trim())
    .some((tag) => tag === '*' || tag === current);
}

/** Whether If-None-Match names the current version (weak comparison: a GET may answer 304). */
export function ifNoneMatchHits(header: string | undefined, version: number): boolean {
  if (!header) return false;
  const current = etagOf(version);
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === current);
}
