import './tracing';
import { Logger } from '@nestjs/common';
import { authDataSourceOptions } from '@platform/auth-data-access';
import { managementAddressOf } from '@platform/util-config';
import { resolveLogFormat } from '@platform/util-observability';
import { createHttpApp, runApp, setupOpenApi } from '@platform/util-http';
import { openDatabase } from '@platform/util-persistence';
import { AppModule } from './app/app.module';
import { loadAuthConfig } from './app/auth.config';

runApp('auth', async () => {
  const config = loadAuthConfig();
  const dataSource = await openDatabase(authDataSourceOptions(config.AUTH_DATABASE_URL, config.AUTH_DB_POOL_SIZE));
  const app = await createHttpApp(AppModule.forRoot(config, dataSource), {
    service: 'auth',
    logLevel: config.LOG_LEVEL,
    logFormat: resolveLogFormat(config.LOG_FORMAT, config.NODE_ENV),
    management: managementAddressOf(config, config.AUTH_MANAGEMENT_PORT),
    trustedProxies: config.AUTH_TRUSTED_PROXIES,
  });
  setupOpenApi(app, {
    title: 'Auth service',
    description: 'Owns credentials, sessions and signing keys.',
    version: '1.0',
    ui: config.DOCS_ENABLED,
  });
  if (config.AUTH_TRUSTED_PROXIES.length === 0) {
    Logger.warn(
      "AUTH_TRUSTED_PROXIES is empty: every client counts under its connection's address (the gateway's); name the gateway there",
      'auth',
    );
  }
  await app.listen(config.AUTH_PORT, config.HOST);
  Logger.log(`listening on http://${config.HOST}:${config.AUTH_PORT}`, 'auth');
});
