import type { MetricsRegistry } from '@platform/util-observability';
import {
  createServer,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { REQUEST_ID_HEADER, requestIdFrom } from '../app/request-id';
import { API_SECURITY_HEADERS } from '../app/security-headers';
import type { ReadinessReport } from '../health/readiness';
import { ProblemTypes, statusTitle, type ProblemDetails } from '../problem/problem-details';
import { problemBody, problemHeaders } from '../problem/problem-body';

export interface ManagementEndpoints {
  metrics: MetricsRegistry;
  /** The app's detailed readiness; an app without readiness checks is ready while it runs. */
  readiness?: () => Promise<ReadinessReport>;
  /** Told about a failure to produce an answer (the client gets a 500 problem without it). */
  onError?: (error: unknown) => void;
}

type Answer = { contentType: string; body: string } | { problem: ProblemDetails };

/** A management request should take milliseconds; a client that dawdles longer is cut off. */
const REQUEST_TIMEOUT_MS = 10_000;

const json = (body: unknown): Answer => ({
  contentType: 'application/json; charset=utf-8',
  body: JSON.stringify(body),
});

const problem = (status: number, init: Partial<ProblemDetails> = {}): Answer => ({
  problem: { type: ProblemTypes.blank, title: statusTitle(status), status, ...init },
});

/**
 * The app's operations port: Prometheus metrics, liveness, and readiness with every check's
 * details (dependencies, upstream instances, circuits, backlogs). A plain node:http server on a
 * port of its own, so that none of it is reachable where the public API is: the public port
 * answers the readiness verdict only. Not Fastify: three fixed GET routes need no framework, and
 * its requests stay out of the app's request metrics and logs.
 */
export class ManagementServer {
  private readonly server: Server;
  private shuttingDown = false;
  private readonly routes: Readonly<Record<string, () => Promise<Answer>>> = {
    '/metrics': async () => ({
      contentType: this.endpoints.metrics.contentType,
      body: await this.endpoints.metrics.metrics(),
    }),
    '/health/live': async () => json({ status: 'ok' }),
    '/health/ready': () => this.readiness(),
  };

  constructor(private readonly endpoints: ManagementEndpoints) {
    this.server = createServer(
      { requestTimeout: REQUEST_TIMEOUT_MS, headersTimeout: REQUEST_TIMEOUT_MS },
      (request, response) => void this.handle(request, response),
    );
  }

  /** Resolves once listening; rejects when the port cannot be bound (in use, not permitted). */
  listen(port: number, host: string): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve(this.server.address() as AddressInfo);
      });
    });
  }

  get listening(): boolean {
    return this.server.listening;
  }

  /** From now on readiness answers 503: the app is shutting down, metrics and liveness stay. */
  beginShutdown(): void {
    this.shuttingDown = true;
  }

  /** Stops accepting; requests in progress may finish within `graceMs`, then every connection is cut. */
  close(graceMs: number): Promise<void> {
    if (!this.server.listening) return Promise.resolve();
    return new Promise((resolve) => {
      const cut = setTimeout(() => this.server.closeAllConnections(), graceMs);
      cut.unref();
      this.server.close(() => {
        clearTimeout(cut);
        resolve();
      });
      this.server.closeIdleConnections();
    });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestId = requestIdFrom(request.headers[REQUEST_ID_HEADER]);
    const headers: OutgoingHttpHeaders = {
      ...API_SECURITY_HEADERS,
      'cache-control': 'no-store',
      [REQUEST_ID_HEADER]: requestId,
    };
    const path = (request.url ?? '/').split('?')[0];
    const route = Object.hasOwn(this.routes, path) ? this.routes[path] : undefined;
    let answer: Answer;
    if (!route) answer = problem(404, { instance: path });
    else if (request.method !== 'GET' && request.method !== 'HEAD') {
      headers['allow'] = 'GET, HEAD';
      answer = problem(405, { instance: path });
    } else {
      answer = await route().catch((error: unknown) => {
        this.endpoints.onError?.(error);
        return problem(500, { instance: path });
      });
    }
    if (response.destroyed) return;
    if ('problem' in answer) {
      const body = problemBody(answer.problem, requestId);
      return void response.writeHead(answer.problem.status, { ...headers, ...problemHeaders(body) }).end(body);
    }
    // A HEAD response gets the same head; Node leaves out the body itself.
    headers['content-type'] = answer.contentType;
    headers['content-length'] = Buffer.byteLength(answer.body);
    response.writeHead(200, headers).end(answer.body);
  }

  private async readiness(): Promise<Answer> {
    if (this.shuttingDown)
      return problem(503, {
        type: ProblemTypes.notReady,
        detail: 'Not ready: shutting down',
        instance: '/health/ready',
      });
    if (!this.endpoints.readiness) return json({ status: 'ok', info: {}, error: {}, details: {} });
    const report = await this.endpoints.readiness();
    if (report.ready) return json(report.result);
    return problem(503, {
      type: ProblemTypes.notReady,
      detail: `Not ready: ${report.down.join(', ')} down`,
      instance: '/health/ready',
      checks: report.result.details,
    });
  }
}
