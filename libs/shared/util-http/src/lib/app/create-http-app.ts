import {
  Injectable,
  Module,
  VersioningType,
  type DynamicModule,
  type OnApplicationShutdown,
  type Type,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  createLogger,
  logRequests,
  MetricsRegistry,
  ObservabilityModule,
  PinoNestLogger,
  recordRequestMetrics,
  RequestLog,
  type LogLevelName,
} from '@platform/util-observability';
import { shutdownTracing } from '@platform/util-tracing';
import { LogController } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { MANAGEMENT_OPTIONS, ManagementLifecycle, type ManagementOptions } from '../management/management.lifecycle';
import { clientErrorProblem, frameworkErrorProblem } from '../problem/framework-problems';
import { ProblemDetailsFilter } from '../problem/problem-details.filter';
import { ProblemValidationPipe } from '../validation/problem-validation.pipe';
import type { FrontDoor } from './front-door';
import { acceptOnlyJsonBodies } from './json-body';
import { REQUEST_ID_HEADER, requestIdFrom } from './request-id';
import { staticSecurityHeaders } from './security-headers';

/** Longest the app's shutdown waits for the last spans to be exported. */
const TRACING_FLUSH_TIMEOUT_MS = 2_000;

/** Last step of the shutdown: export the spans still buffered, including the shutdown's own. */
@Injectable()
class TracingFlush implements OnApplicationShutdown {
  onApplicationShutdown(): Promise<void> {
    return shutdownTracing(TRACING_FLUSH_TIMEOUT_MS);
  }
}

export interface HttpAppOptions {
  /** Name in every log line (`service`). */
  service: string;
  logLevel: LogLevelName;
  logFormat: 'json' | 'pretty';
  /** Largest request body accepted, in bytes; larger ones get 413. */
  bodyLimitBytes?: number;
  /** Proxies (addresses, CIDRs) whose X-Forwarded-For is believed for `request.ip`. */
  trustProxy?: string[];
  /** Limits of the HTTP server itself; Node's and Fastify's defaults when absent. */
  server?: HttpServerLimits;
  /** Lets an interceptor take requests before Fastify does (the gateway's proxy path). */
  frontDoor?: FrontDoor;
  /**
   * The management server's address: /metrics and the detailed /health/ready are served there
   * only. Every app sets it; without it (tests of one library) neither is served anywhere.
   */
  management?: ManagementOptions;
}

export interface HttpServerLimits {
  /** Largest request head (request line and headers); larger ones get 431. */
  maxHeaderBytes?: number;
  /** Longest time to receive a whole request (head and body) from the client. */
  requestTimeoutMs?: number;
  /** Longest a client connection may stay inactive (also while the app works on its request). */
  connectionTimeoutMs?: number;
  /** How long an idle keep-alive connection stays open. */
  keepAliveTimeoutMs?: number;
}

function serverLimits(limits: HttpServerLimits | undefined) {
  if (!limits) return {};
  const { maxHeaderBytes, requestTimeoutMs, connectionTimeoutMs, keepAliveTimeoutMs } = limits;
  return {
    ...(maxHeaderBytes !== undefined && { http: { maxHeaderSize: maxHeaderBytes } }),
    ...(requestTimeoutMs !== undefined && { requestTimeout: requestTimeoutMs }),
    ...(connectionTimeoutMs !== undefined && { connectionTimeout: connectionTimeoutMs }),
    ...(keepAliveTimeoutMs !== undefined && { keepAliveTimeout: keepAliveTimeoutMs }),
  };
}

/**
 * Creates a Nest app on Fastify with the platform's HTTP conventions: request ids on every
 * response, problem+json for every error, validated DTOs, security headers, structured logs (one
 * pino logger for Nest and Fastify, one line per request), request metrics, a management server
 * (metrics and detailed health on a port of its own, started and closed with the app), graceful
 * shutdown (which ends by flushing the trace spans still buffered, bounded).
 */
export async function createHttpApp(
  module: Type | DynamicModule,
  options: HttpAppOptions,
): Promise<NestFastifyApplication> {
  const logger = createLogger({ service: options.service, level: options.logLevel, format: options.logFormat });
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    // Fastify's own two lines per request are replaced by logRequests' one.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    genReqId: (request: IncomingMessage) => requestIdFrom(request.headers[REQUEST_ID_HEADER]),
    requestIdHeader: false,
    bodyLimit: options.bodyLimitBytes ?? 1024 * 1024,
    return503OnClosing: true,
    // Refusals by Node's parser and Fastify's router answer problem+json like every other error.
    clientErrorHandler: clientErrorProblem,
    frameworkErrors: frameworkErrorProblem,
    trustProxy: options.trustProxy ?? false,
    ...serverLimits(options.server),
    ...(options.frontDoor && { serverFactory: options.frontDoor.serverFactory() }),
  });
  const metrics = new MetricsRegistry(options.service);
  const requestLog = new RequestLog(logger);
  // The app's modules see the metrics registry and the request log without wiring them themselves.
  const management = options.management
    ? [{ provide: MANAGEMENT_OPTIONS, useValue: options.management }, ManagementLifecycle]
    : [];
  @Module({
    imports: [ObservabilityModule.forRoot({ metrics, requestLog }), module],
    providers: [TracingFlush, ...management],
  })
  class HttpAppRoot {}
  const app = await NestFactory.create<NestFastifyApplication>(HttpAppRoot, adapter, {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
    // Nest's JSON and form parsers would be added at init; acceptOnlyJsonBodies installs the one parser.
    bodyParser: false,
  });
  app.useGlobalPipes(new ProblemValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();
  app.enableVersioning({ type: VersioningType.URI });
  const fastify = app.getHttpAdapter().getInstance();
  acceptOnlyJsonBodies(fastify);
  const securityHeaders = staticSecurityHeaders();
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.headers(securityHeaders).header(REQUEST_ID_HEADER, request.id);
    done();
  });
  logRequests(fastify, requestLog);
  recordRequestMetrics(fastify, metrics);
  return app;
}
