import { EventEmitter } from 'node:events';
import { sendProblem } from '@platform/util-http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Dispatcher } from 'undici';
import type { RouteDefinition } from '../routing/route-table';
import { toPublicPath, toUpstreamPath } from '../routing/validate-route-table';
import { isRepeatable } from '../upstreams/retry-policy';
import type { UpstreamCluster } from '../upstreams/upstream-cluster';
import { clientResponseHeaders, upstreamRequestHeaders } from './forwarded-headers';
import { unavailableProblem, upstreamProblem } from './upstream-error';
import type { UpstreamOutcome } from './upstream-metrics';

export interface ForwardTarget {
  route: RouteDefinition;
  /** The upstream's instances, balanced, with failover and a circuit breaker. */
  cluster: UpstreamCluster;
  timeoutMs: number;
  /** All routes, to map Location headers back to public paths. */
  routes: readonly RouteDefinition[];
  /** What the route removes from the public path, told to the upstream. */
  removedPrefix: string | undefined;
  observe: (outcome: UpstreamOutcome, seconds: number) => void;
}

const OUTCOME_OF_STATUS: Record<number, UpstreamOutcome> = { 503: 'unavailable', 504: 'timeout', 502: 'bad_gateway' };

const NO_BODY_STATUSES = new Set([204, 304]);

/**
 * Aborts the upstream request when the client goes away. undici takes an EventEmitter that
 * emits 'abort' as a signal; on Node 20 one costs about 0.07 µs with its listener, against
 * about 3.6 µs for an AbortController (which showed up in the gateway's profile).
 */
class ClientGone extends EventEmitter {
  aborted = false;

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.emit('abort');
  }
}

/**
 * Sends one client request to an instance of its upstream (another one if a repeatable request
 * fails to connect or gets 502/503) and streams the answer back. If the client goes away first,
 * the upstream request is aborted rather than left to run. An open circuit, or no instance
 * left, is a 503 with Retry-After at once.
 */
export async function forwardRequest(request: FastifyRequest, reply: FastifyReply, target: ForwardTarget): Promise<void> {
  const abort = new ClientGone();
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) abort.abort();
  });
  const result = await target.cluster.send({
    method: request.method as Dispatcher.HttpMethod,
    path: toUpstreamPath(target.route, request.url),
    headers: upstreamRequestHeaders(request.headers, {
      requestId: request.id,
      // Each hop appends the peer it heard from; request.ip is already the client when
      // GATEWAY_TRUSTED_PROXIES is set, and appending it again would hide the proxy in between.
      peerAddress: request.socket.remoteAddress ?? request.ip,
      protocol: request.protocol,
      host: request.headers.host,
      prefix: target.removedPrefix,
    }),
    body: request.body as Buffer | undefined,
    timeoutMs: target.timeoutMs,
    repeatable: isRepeatable(request.method, request.headers),
    signal: abort,
  });
  if (result.kind === 'unavailable') {
    target.observe(result.reason, elapsed());
    reply.header('retry-after', String(result.retryAfterSeconds));
    return sendProblem(reply, unavailableProblem(target.route.upstream, request.url));
  }
  try {
    if (result.kind === 'error') throw result.error;
    const response = result.response;
    target.observe(response.statusCode, elapsed());
    reply
      .code(response.statusCode)
      .headers(clientResponseHeaders(response.headers, (location) => toPublicPath(target.routes, target.route.upstream, location)));
    if (request.method === 'HEAD' || NO_BODY_STATUSES.has(response.statusCode)) {
      await response.body.dump();
      return reply.send();
    }
    return reply.send(response.body);
  } catch (error) {
    if (abort.aborted) return target.observe('client_gone', elapsed());
    const problem = upstreamProblem(error, target.route.upstream, request.url);
    target.observe(OUTCOME_OF_STATUS[problem.status] ?? 'bad_gateway', elapsed());
    sendProblem(reply, problem);
  }
}
