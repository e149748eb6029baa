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
  MetricsRegistry,
  ObservabilityModule,
  PinoNestLogger,
  RequestLog,
  type LogLevelName,
} from '@platform/util-observability';
import { shutdownTracing } from '@platform/util-tracing';
import { LogController } from 'fastify';
import { MANAGEMENT_OPTIONS, ManagementLifecycle, type ManagementOptions } from '../management/management.lifecycle';
import { clientErrorProblem, frameworkErrorProblem } from '../problem/framework-problems';
import { ProblemDetailsFilter } from '../problem/problem-details.filter';
import { ProblemValidationPipe } from '../validation/problem-validation.pipe';
import { countRequest, writeRequestLine } from '../pipeline/observers';
import { RequestPipeline } from '../pipeline/request-pipeline';
import { RequestPipelineModule } from '../pipeline/request-pipeline.module';
import { acceptOnlyJsonBodies } from './json-body';

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
  /** Largest request body accepted, in bytes; larger ones get 413. 1 MiB when absent. */
  bodyLimitBytes?: number;
  /** Proxies (addresses, CIDRs) whose X-Forwarded-For, -Proto and -Host are believed. None when absent. */
  trustedProxies?: readonly string[];
  /** Browser origins allowed to call the app (CORS). None when absent: CORS is off. */
  corsOrigins?: readonly string[];
  /** Limits of the HTTP server itself; Node's and Fastify's defaults when absent. */
  server?: HttpServerLimits;
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

/** Where HTML documents are served (Swagger UI): they get the document security headers. */
const DOCUMENT_PATHS = ['/docs'];

/**
 * Creates a Nest app on Fastify with the platform's HTTP conventions: every request through the one
 * RequestPipeline (request ids, security and CORS headers, client address, body limit, the 503
 * while closing, one log line and request metrics per request; a handler such as the gateway's
 * proxy path can take requests ahead of Fastify), problem+json for every error, validated DTOs,
 * structured logs (one pino logger for Nest and Fastify), a management server
 * (metrics and detailed health on a port of its own, started and closed with the app), graceful
 * shutdown (which ends by flushing the trace spans still buffered, bounded).
 */
export async function createHttpApp(
  module: Type | DynamicModule,
  options: HttpAppOptions,
): Promise<NestFastifyApplication> {
  const logger = createLogger({ service: options.service, level: options.logLevel, format: options.logFormat });
  const metrics = new MetricsRegistry(options.service);
  const requestLog = new RequestLog(logger);
  const trustedProxies = options.trustedProxies ?? [];
  const pipeline = new RequestPipeline({
    bodyLimitBytes: options.bodyLimitBytes ?? 1024 * 1024,
    trustedProxies,
    corsOrigins: options.corsOrigins ?? [],
    documentPaths: DOCUMENT_PATHS,
  });
  pipeline.observe(writeRequestLine(requestLog));
  pipeline.observe(countRequest(metrics));
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    // Fastify's own two lines per request are replaced by the pipeline's one.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    genReqId: pipeline.requestIdOf,
    requestIdHeader: false,
    // The pipeline refuses a declared length over the limit; this one catches chunked bodies.
    bodyLimit: pipeline.options.bodyLimitBytes,
    // Refusals by Node's parser and Fastify's router answer problem+json like every other error.
    clientErrorHandler: clientErrorProblem,
    frameworkErrors: frameworkErrorProblem,
    // request.ip, for code that reads it, from the same trusted proxies as the pipeline's address.
    trustProxy: trustedProxies.length > 0 ? [...trustedProxies] : false,
    ...serverLimits(options.server),
    serverFactory: pipeline.serverFactory(),
  });
  // The app's modules see the metrics registry and the request log without wiring them themselves.
  const management = options.management
    ? [{ provide: MANAGEMENT_OPTIONS, useValue: options.management }, ManagementLifecycle]
    : [];
  @Module({
    imports: [ObservabilityModule.forRoot({ metrics, requestLog }), RequestPipelineModule.forRoot(pipeline), module],
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
  pipeline.attachTo(fastify);
  return app;
}
