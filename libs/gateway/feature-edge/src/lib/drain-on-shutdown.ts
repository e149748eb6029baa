import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { UPSTREAMS_OPTIONS, type UpstreamsOptions } from '@platform/gateway-util-upstreams';
import type { Server } from 'node:http';

const IDLE_SWEEP_MS = 100;

/**
 * Bounds the HTTP server's drain at shutdown. Closing the server stops new connections (and
 * the request pipeline answers new requests on open ones with 503), but keep-alive connections that finish
 * their last request would stay open until their keep-alive timeout: they are closed as soon as
 * they are idle, and whatever is still running after the drain time is cut.
 */
@Injectable()
export class DrainOnShutdown implements BeforeApplicationShutdown {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(UPSTREAMS_OPTIONS) private readonly options: UpstreamsOptions,
  ) {}

  beforeApplicationShutdown(): void {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server) return;
    const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
    const cut = setTimeout(() => server.closeAllConnections(), this.options.traffic.shutdownDrainMs);
    for (const timer of [sweep, cut]) timer.unref();
    server.once('close', () => {
      clearInterval(sweep);
      clearTimeout(cut);
    });
  }
}
