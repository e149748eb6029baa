import { VersioningType, type DynamicModule, type LogLevel, type Type } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ProblemDetailsFilter } from '../problem/problem-details.filter';
import { ProblemValidationPipe } from '../validation/problem-validation.pipe';
import { REQUEST_ID_HEADER, requestIdFrom } from './request-id';

export interface HttpAppOptions {
  logLevel: LogLevel;
  /** Largest request body accepted, in bytes; larger ones get 413. */
  bodyLimitBytes?: number;
}

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/**
 * Creates a Nest app on Fastify with the platform's HTTP conventions: request ids on every
 * response, problem+json for every error, validated DTOs, graceful shutdown on SIGTERM.
 */
export async function createHttpApp(module: Type | DynamicModule, options: HttpAppOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    genReqId: (request: IncomingMessage) => requestIdFrom(request.headers[REQUEST_ID_HEADER]),
    requestIdHeader: false,
    bodyLimit: options.bodyLimitBytes ?? 1024 * 1024,
    return503OnClosing: true,
  });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    logger: LEVELS.slice(0, LEVELS.indexOf(options.logLevel) + 1),
    abortOnError: false,
  });
  app.useGlobalPipes(new ProblemValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();
  app.enableVersioning({ type: VersioningType.URI });
  app.getHttpAdapter().getInstance().addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  return app;
}
