import { ProblemTypes, statusTitle, type ProblemDetails } from '@platform/util-http';
import { attemptFailureOf } from '@platform/gateway-util-upstreams';

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const TIMED_OUT = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/**
 * What the client hears when forwarding fails: 400 when the request cannot be sent on as the
 * client framed it (the client's to fix; nothing reached the upstream), 503 when the upstream cannot be reached (try
 * again later), 504 when it did not answer in time, 502 when it broke the exchange. Never the
 * upstream's address or the error's internals.
 */
export function upstreamProblem(error: unknown, upstream: string, instance: string): ProblemDetails {
  const code = (error as { code?: string })?.code ?? '';
  const cause = (error as { cause?: { code?: string } })?.cause?.code ?? '';
  if (attemptFailureOf(error) === 'refused_locally') {
    return problem(400, ProblemTypes.blank, 'The request cannot be forwarded as sent: check its headers.', instance);
  }
  if (UNREACHABLE.has(code) || UNREACHABLE.has(cause)) {
    return problem(
      503,
      ProblemTypes.upstreamUnavailable,
      `The ${upstream} service is unavailable. Try again shortly.`,
      instance,
    );
  }
  if (TIMED_OUT.has(code)) {
    return problem(504, ProblemTypes.upstreamTimeout, `The ${upstream} service did not answer in time.`, instance);
  }
  return problem(
    502,
    ProblemTypes.badGateway,
    `The ${upstream} service closed the connection or sent an invalid response.`,
    instance,
  );
}

/** Every instance is out, or the upstream's circuit is open: 503 without trying. */
export function unavailableProblem(upstream: string, instance: string): ProblemDetails {
  return problem(
    503,
    ProblemTypes.upstreamUnavailable,
    `The ${upstream} service is unavailable. Try again shortly.`,
    instance,
  );
}

function problem(status: number, type: string, detail: string, instance: string): ProblemDetails {
  return { type, title: statusTitle(status), status, detail, instance };
}
