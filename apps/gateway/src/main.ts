import './tracing';
import { Logger } from '@nestjs/common';
import { setupGatewayDocs } from '@platform/gateway-feature-docs';
import { ProxyEdge } from '@platform/gateway-feature-edge';
import { validateRoutePolicies } from '@platform/gateway-feature-policies';
import { routeTable, validateRouteTable } from '@platform/gateway-util-routing';
import { managementAddressOf } from '@platform/util-config';
import { createHttpApp, RequestPipeline, runApp } from '@platform/util-http';
import { resolveLogFormat } from '@platform/util-observability';
import { AppModule } from './app/app.module';
import { loadGatewayConfig } from './app/gateway.config';

runApp('gateway', async () => {
  const config = loadGatewayConfig();
  const routeProblems = validateRouteTable(routeTable, validateRoutePolicies);
  if (routeProblems.length > 0) throw new Error(`invalid route table: ${routeProblems.join('; ')}`);
  const app = await createHttpApp(AppModule.forRoot(config), {
    service: 'gateway',
    logLevel: config.LOG_LEVEL,
    logFormat: resolveLogFormat(config.LOG_FORMAT, config.NODE_ENV),
    management: managementAddressOf(config, config.GATEWAY_MANAGEMENT_PORT),
    bodyLimitBytes: config.GATEWAY_BODY_LIMIT_BYTES,
    trustedProxies: config.GATEWAY_TRUSTED_PROXIES,
    corsOrigins: config.GATEWAY_CORS_ORIGINS,
    server: {
      maxHeaderBytes: config.GATEWAY_MAX_HEADER_BYTES,
      requestTimeoutMs: config.GATEWAY_REQUEST_TIMEOUT_MS,
      connectionTimeoutMs: config.GATEWAY_CONNECTION_TIMEOUT_MS,
      keepAliveTimeoutMs: config.GATEWAY_KEEP_ALIVE_TIMEOUT_MS,
    },
  });
  // The route table's requests are taken by the proxy path, ahead of Fastify, inside the app's one pipeline.
  app.get(RequestPipeline).useHandler(app.get(ProxyEdge).serve(routeTable));
  if (config.DOCS_ENABLED) setupGatewayDocs(app);
  await app.listen(config.GATEWAY_PORT, config.HOST);
  Logger.log(`listening on http://${config.HOST}:${config.GATEWAY_PORT}`, 'gateway');
});
