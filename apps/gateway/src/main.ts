import './tracing';
import { Logger } from '@nestjs/common';
import fastifyCors from '@fastify/cors';
import {
  corsPolicy,
  ProxyEdge,
  routeTable,
  setupGatewayDocs,
  validateRouteTable,
} from '@platform/gateway-feature-proxy';
import { managementAddressOf } from '@platform/util-config';
import { resolveLogFormat } from '@platform/util-observability';
import { createHttpApp, FrontDoor, runApp } from '@platform/util-http';
import { AppModule } from './app/app.module';
import { loadGatewayConfig } from './app/gateway.config';

runApp('gateway', async () => {
  const config = loadGatewayConfig();
  const routeProblems = validateRouteTable(routeTable);
  if (routeProblems.length > 0) throw new Error(`invalid route table: ${routeProblems.join('; ')}`);
  // Proxied requests are taken off the server before Fastify (ProxyEdge); the rest is Nest's.
  const frontDoor = new FrontDoor();
  const app = await createHttpApp(AppModule.forRoot(config), {
    service: 'gateway',
    logLevel: config.LOG_LEVEL,
    logFormat: resolveLogFormat(config.LOG_FORMAT, config.NODE_ENV),
    management: managementAddressOf(config, config.GATEWAY_MANAGEMENT_PORT),
    bodyLimitBytes: config.GATEWAY_BODY_LIMIT_BYTES,
    server: {
      maxHeaderBytes: config.GATEWAY_MAX_HEADER_BYTES,
      requestTimeoutMs: config.GATEWAY_REQUEST_TIMEOUT_MS,
      connectionTimeoutMs: config.GATEWAY_CONNECTION_TIMEOUT_MS,
      keepAliveTimeoutMs: config.GATEWAY_KEEP_ALIVE_TIMEOUT_MS,
    },
    trustProxy: config.GATEWAY_TRUSTED_PROXIES.length > 0 ? config.GATEWAY_TRUSTED_PROXIES : undefined,
    frontDoor,
  });
  await app.register(fastifyCors, corsPolicy(config.GATEWAY_CORS_ORIGINS));
  frontDoor.install(app.get(ProxyEdge).serve(routeTable));
  if (config.DOCS_ENABLED) setupGatewayDocs(app);
  await app.listen(config.GATEWAY_PORT, config.HOST);
  Logger.log(`listening on http://${config.HOST}:${config.GATEWAY_PORT}`, 'gateway');
});
