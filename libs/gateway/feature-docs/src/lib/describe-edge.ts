import type { HeaderObject, OperationObject, ReferenceObject, ResponseObject } from '@nestjs/swagger';
import { BEARER_SCHEME_NAME, problemResponse } from '@platform/util-http';
import type { GatewayPolicyOptions } from '@platform/gateway-feature-policies';
import type { RouteDefinition } from '@platform/gateway-util-routing';
import {
  corsHeaders,
  deprecationHeaderDocs,
  rateLimitHeaderDocs,
  requestIdHeader,
  retryAfterHeader,
  wwwAuthenticateHeader,
} from './edge-headers';

/** What the gateway does at its edge, whatever the service behind: the facts the document states. */
export interface EdgeBehaviour {
  rateLimits: GatewayPolicyOptions['rateLimits'];
  corsOrigins: readonly string[];
  bodyLimitBytes: number;
}

type Responses = OperationObject['responses'];

/** A path a client could call, for examples (`instance` is a URI reference: no template braces). */
const examplePath = (template: string): string =>
  template.replace(/\{[^}]*\}/g, '0b9f1f9e-3c1a-4bde-9d1e-6f1c2b1e8a55');

/** Headers go on response objects; a `$ref` (none of ours) is left as it is. */
function addHeaders(
  response: ResponseObject | ReferenceObject | undefined,
  headers: Record<string, HeaderObject>,
): void {
  if (response && !('$ref' in response)) response.headers = { ...response.headers, ...headers };
}

/** Adds `status` unless the service documents it, then adds `headers` to it either way. */
function ensureResponse(
  responses: Responses,
  status: number,
  make: () => ResponseObject,
  headers: Record<string, HeaderObject> = {},
): void {
  responses[status] ??= make();
  addHeaders(responses[status], headers);
}

/**
 * Describes, on one proxied operation, what the route's policies do to it at the edge: the token
 * check (security, 401 with its challenge), the rate limit (its headers on every answer, 429 with
 * Retry-After), CORS, the request id and deprecation on every answer, the body limit (413), and the failures
 * the gateway answers itself (500, 502, 503, 504). Everything here follows from the route table
 * and the gateway's settings, so the document changes when they do.
 */
export function describeEdge(
  operation: OperationObject,
  route: RouteDefinition,
  edge: EdgeBehaviour,
  template: string,
): void {
  const path = examplePath(template);
  const responses = operation.responses;
  const limit = route.rateLimit === 'none' ? undefined : edge.rateLimits[route.rateLimit ?? 'standard'];
  if (route.access === 'bearer') {
    // The edge refuses a request without a valid token whatever the service would say.
    operation.security = [{ [BEARER_SCHEME_NAME]: [] }];
    ensureResponse(responses, 401, () => problemResponse(401, path), wwwAuthenticateHeader());
  } else {
    // Anonymous on purpose (register, login...): said explicitly, so a forgotten scheme stands out.
    operation.security ??= [{}];
  }
  if (limit) {
    const wait = 'Seconds until you may try again: the end of the rate window, or of a lockout.';
    ensureResponse(responses, 429, () => problemResponse(429, path), retryAfterHeader(wait));
  }
  if (operation.requestBody) {
    ensureResponse(responses, 413, () =>
      problemResponse({ status: 413, detail: `Request bodies are limited to ${edge.bodyLimitBytes} bytes` }, path),
    );
  }
  ensureResponse(responses, 500, () => problemResponse(500, path));
  ensureResponse(responses, 502, () => problemResponse(502, path));
  const soon =
    'Seconds until the gateway tries the service again, when it knows (its circuit is open, or every instance is out).';
  ensureResponse(responses, 503, () => problemResponse(503, path), retryAfterHeader(soon));
  ensureResponse(responses, 504, () => problemResponse(504, path));

  if (route.deprecation) operation.deprecated = true;
  const everyAnswer = {
    ...requestIdHeader(),
    ...corsHeaders(edge.corsOrigins),
    ...(limit && rateLimitHeaderDocs(limit)),
    ...(route.deprecation && deprecationHeaderDocs(route.deprecation)),
  };
  for (const response of Object.values(responses)) addHeaders(response, everyAnswer);
}
