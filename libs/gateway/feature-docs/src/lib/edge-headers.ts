import type { HeaderObject } from '@nestjs/swagger';
import { REQUEST_ID_PATTERN } from '@platform/util-http';
import type { RateLimit } from '@platform/gateway-feature-policies';
import type { RouteDeprecation } from '@platform/gateway-util-routing';
import { deprecationHeaders } from '@platform/gateway-feature-policies';

/**
 * The response headers the gateway sets itself, as the merged OpenAPI document describes them.
 * Names are spelled as documents usually do; on the wire they are lower case. Unit tests hold
 * each set to the function that really sends it (rateLimitHeaders, CorsPolicy, the
 * token check's problems), so the two cannot drift apart.
 */

const int32 = (minimum: number, maximum: number) => ({ type: 'integer', format: 'int32', minimum, maximum }) as const;

/** Longest wait a Retry-After from any part of the platform asks for: rate windows are at most a day. */
export const RETRY_AFTER_MAX_SECONDS = 86_400;

export const requestIdHeader = (): Record<string, HeaderObject> => ({
  'X-Request-Id': {
    description:
      'The id of this request in every log line about it: yours, if you sent an acceptable X-Request-Id, else a new UUID.',
    schema: { type: 'string', pattern: REQUEST_ID_PATTERN.source, maxLength: 128 },
  },
});

/** `Access-Control-Allow-Origin`, as CorsPolicy sends it for `origins`. */
export function corsHeaders(origins: readonly string[]): Record<string, HeaderObject> {
  const header: HeaderObject =
    origins.length > 0
      ? {
          description: `Your Origin, echoed when it is one of the browser origins this gateway allows (${origins.join(', ')}); absent otherwise.`,
          schema: { type: 'string', enum: [...origins] },
        }
      : {
          description:
            'Not sent: this gateway allows no browser origins (GATEWAY_CORS_ORIGINS is empty), so browsers keep other sites from reading answers.',
          schema: { type: 'string', format: 'uri', maxLength: 2_048 },
        };
  return { 'Access-Control-Allow-Origin': header };
}

/**
 * The draft-07 rate-limit headers of a route class's budget (rateLimitHeaders). Sent on every
 * answer once the request is counted: not on the token check's 401/503, which come first, nor
 * while neither Redis nor memory could count it.
 */
export function rateLimitHeaderDocs({ points, windowSeconds }: RateLimit): Record<string, HeaderObject> {
  const when = 'Sent once the request has been counted against your budget.';
  return {
    'RateLimit-Limit': {
      description: `Requests your budget allows per window. ${when}`,
      schema: int32(points, points),
    },
    'RateLimit-Remaining': {
      description: `Requests left in the current window. ${when}`,
      schema: int32(0, points - 1),
    },
    'RateLimit-Reset': { description: `Seconds until the window resets. ${when}`, schema: int32(1, windowSeconds) },
    'RateLimit-Policy': {
      description: `The budget: ${points} requests per ${windowSeconds} s. ${when}`,
      schema: { type: 'string', enum: [`${points};w=${windowSeconds}`] },
    },
  };
}

export const retryAfterHeader = (description: string): Record<string, HeaderObject> => ({
  'Retry-After': { description, schema: int32(1, RETRY_AFTER_MAX_SECONDS) },
});

/** The challenge of a 401 from a bearer route (RFC 6750). */
export const wwwAuthenticateHeader = (): Record<string, HeaderObject> => ({
  'WWW-Authenticate': {
    description: 'The bearer challenge; error="invalid_token" when a token was sent but refused.',
    schema: {
      type: 'string',
      pattern: '^Bearer realm="[^"]*"(, error="invalid_token")?$',
      maxLength: 128,
      example: 'Bearer realm="platform"',
    },
  },
});

/** The headers of a deprecated route (deprecationHeaders), with the values it sends. */
export function deprecationHeaderDocs(deprecation: RouteDeprecation): Record<string, HeaderObject> {
  const sent = deprecationHeaders(deprecation);
  const docs: Record<string, HeaderObject> = {
    Deprecation: {
      description: 'When this operation was deprecated (RFC 9745).',
      schema: { type: 'string', enum: [sent['deprecation']] },
    },
  };
  if (sent['sunset'])
    docs['Sunset'] = {
      description: 'When it stops answering (RFC 8594).',
      schema: { type: 'string', enum: [sent['sunset']] },
    };
  if (sent['link']) {
    docs['Link'] = {
      description: `Pages about the deprecation and the sunset: ${sent['link']}`,
      schema: { type: 'string', pattern: 'rel="(deprecation|sunset)"', maxLength: 2_048 },
    };
  }
  return docs;
}
