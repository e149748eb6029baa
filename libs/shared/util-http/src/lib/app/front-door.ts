import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { FastifyHttpOptions } from 'fastify';

/** Takes the requests it recognises straight off the HTTP server; false hands one to Fastify. */
export interface RequestInterceptor {
  handle(request: IncomingMessage, response: ServerResponse): boolean;
}

/**
 * The app's HTTP server entry, in front of Fastify. Until an interceptor is installed (it is
 * built by Nest's DI, after the server exists) every request goes to Fastify. The gateway's
 * proxy path uses it: a proxied request needs none of Fastify's request and reply objects,
 * hooks or streams, which were about half of the gateway's per-request CPU.
 */
export class FrontDoor {
  private interceptor?: RequestInterceptor;

  install(interceptor: RequestInterceptor): void {
    this.interceptor = interceptor;
  }

  /** A Fastify `serverFactory`: the same HTTP/1.1 server and limits Fastify would create. */
  serverFactory() {
    return (
      fastifyHandler: (request: IncomingMessage, response: ServerResponse) => void,
      options: FastifyHttpOptions<Server>,
    ): Server => {
      const server = createServer(options.http ?? {}, (request, response) => {
        if (!this.interceptor?.handle(request, response)) fastifyHandler(request, response);
      });
      if (options.keepAliveTimeout !== undefined) server.keepAliveTimeout = options.keepAliveTimeout;
      if (options.requestTimeout !== undefined) server.requestTimeout = options.requestTimeout;
      if (options.maxRequestsPerSocket) server.maxRequestsPerSocket = options.maxRequestsPerSocket;
      server.setTimeout(options.connectionTimeout ?? 0);
      return server;
    };
  }
}
