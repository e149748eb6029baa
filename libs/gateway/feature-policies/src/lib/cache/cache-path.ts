import { canonicalId } from './cache-key';

/** One segment of a cache path: a literal, or a named parameter that tags the entry. */
type Segment = { literal: string } | { param: string };

const SEGMENT = /^(:[a-z][a-zA-Z0-9]*|[a-z0-9][a-z0-9._-]*)$/;

/** A cache path (`/:id`) as segments; undefined when malformed. */
export function parseCachePath(path: string): Segment[] | undefined {
  if (typeof path !== 'string' || !path.startsWith('/')) return undefined;
  const parts = path.slice(1).split('/');
  if (!parts.every((part) => SEGMENT.test(part))) return undefined;
  return parts.map((part) => (part.startsWith(':') ? { param: part.slice(1) } : { literal: part }));
}

/**
 * Matches the rest of a request path (after the route prefix, without the query) against a cache
 * path; returns the parameter values (ids in their canonical form), or undefined when the path is
 * not cached.
 */
export function matchCachePath(segments: readonly Segment[], rest: string): string[] | undefined {
  if (!rest.startsWith('/')) return undefined;
  const parts = rest.slice(1).split('/');
  if (parts.length !== segments.length) return undefined;
  const values: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const segment = segments[i];
    const part = parts[i];
    if (part === '') return undefined;
    if ('literal' in segment) {
      if (part !== segment.literal) return undefined;
    } else {
      values.push(canonicalId(decodeSegment(part)));
    }
  }
  return values;
}

function decodeSegment(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
