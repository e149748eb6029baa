import type { RoutePolicy } from '@platform/gateway-feature-policies';
import { toUpstreamPath, type RouteDefinition } from '@platform/gateway-util-routing';
import {
  isRepeatable,
  type UpstreamCluster,
  type UpstreamOutcome,
  type UpstreamResponse,
} from '@platform/gateway-util-upstreams';
import type { Exchange } from '@platform/util-http';
import type { OutgoingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import { clientResponseHeaders, upstreamRequestHeaders } from './forwarded-headers';
import { unavailableProblem, upstreamProblem } from './upstream-error';

/** Everything about a route that forwarding needs, resolved once at start-up. */
export interface ForwardTarget {
  route: RouteDefinition;
  /** The upstream's instances, balanced, with failover and a circuit breaker. */
  cluster: UpstreamCluster;
  timeoutMs: number;
  /** What the route removes from the public path, told to the upstream. */
  removedPrefix: string | undefined;
  /** Maps an upstream's Location to its public path (undefined: not to be shown to the client). */
  publicLocation: (location: string) => string | undefined;
  policy: RoutePolicy;
  observe: (outcome: UpstreamOutcome, seconds: number) => void;
}

const OUTCOME_OF_STATUS: Record<number, UpstreamOutcome> = { 503: 'unavailable', 504: 'timeout', 502: 'bad_gateway' };

const NO_BODY_STATUSES = new Set([204, 304]);

/**
 * Answers up to this size are gathered and written with their head at once (one write for the
 * socket); larger ones, and those of unknown length, stream with backpressure.
 */
const GATHER_MAX_BYTES = 64 * 1024;

/**
 * Sends one client request to an instance of its upstream (another one if a repeatable request
 * fails to connect or gets 502/503) and relays the answer. If the client goes away first, the
 * upstream request is cancelled rather than left to run. An open circuit, or no instance left,
 * is a 503 with Retry-After at once.
 */
export async function forward(exchange: Exchange, target: ForwardTarget, body: Buffer | undefined): Promise<void> {
  const { request } = exchange;
  const started = performance.now();
  const result = await target.cluster.send({
    method: exchange.method as Dispatcher.HttpMethod,
    path: toUpstreamPath(target.route, exchange.url),
    headers: upstreamRequestHeaders(request.headers, {
      requestId: exchange.requestId,
      clientAddress: exchange.clientAddress,
      protocol: exchange.protocol,
      host: exchange.host,
      prefix: target.removedPrefix,
    }),
    body,
    timeoutMs: target.timeoutMs,
    repeatable: isRepeatable(exchange.method, request.headers),
    signal: exchange.cancellation,
  });
  const seconds = (performance.now() - started) / 1000;
  if (result.kind === 'unavailable') {
    target.observe(result.reason, seconds);
    return exchange.fail(unavailableProblem(target.route.upstream, exchange.path), {
      'retry-after': String(result.retryAfterSeconds),
    });
  }
  if (result.kind === 'error') return failed(exchange, target, result.error, seconds);
  const response = result.response;
  target.observe(response.statusCode, seconds);
  const keeping = target.policy.onUpstreamAnswer(exchange, response.statusCode, response.headers);
  const keep = keeping instanceof Promise ? await keeping : keeping;
  const headers = clientResponseHeaders(response.headers, target.publicLocation);
  if (exchange.method === 'HEAD' || NO_BODY_STATUSES.has(response.statusCode)) {
    void response.dump();
    return exchange.answer(response.statusCode, headers);
  }
  const length = response.contentLength;
  if (!keep && (length === undefined || length > GATHER_MAX_BYTES)) return relay(exchange, response, headers);
  let content: Buffer;
  try {
    content = await response.readAll();
  } catch (error) {
    return failed(exchange, target, error);
  }
  keep?.(content);
  exchange.answer(response.statusCode, headers, content);
}

/** Streams a large body to the client as it arrives, pausing the upstream while the client is slow. */
function relay(exchange: Exchange, response: UpstreamResponse, headers: OutgoingHttpHeaders): void {
  const client = exchange.response;
  exchange.startAnswer(response.statusCode, headers);
  const resume = () => response.resume();
  client.on('drain', resume);
  response.pipe({
    write: (chunk) => client.write(chunk),
    end: () => {
      client.off('drain', resume);
      client.end();
    },
    fail: () => {
      client.off('drain', resume);
      client.destroy();
    },
  });
}

/** A failed exchange with the upstream: a problem for the client, unless the client is gone. */
function failed(exchange: Exchange, target: ForwardTarget, error: unknown, seconds?: number): void {
  if (exchange.cancellation.aborted) {
    if (seconds !== undefined) target.observe('client_gone', seconds);
    return;
  }
  const problem = upstreamProblem(error, target.route.upstream, exchange.path);
  if (seconds !== undefined) target.observe(OUTCOME_OF_STATUS[problem.status] ?? 'bad_gateway', seconds);
  exchange.fail(problem);
}
