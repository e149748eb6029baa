import './tracing';
import { Logger } from '@nestjs/common';
import { usersDataSourceOptions } from '@platform/users-data-access';
import { managementAddressOf } from '@platform/util-config';
import { resolveLogFormat } from '@platform/util-observability';
import { createHttpApp, runApp, setupOpenApi } from '@platform/util-http';
import { openDatabase } from '@platform/util-persistence';
import { AppModule } from './app/app.module';
import { loadUsersConfig } from './app/users.config';

runApp('users', async () => {
  const config = loadUsersConfig();
  const dataSource = await openDatabase(usersDataSourceOptions(config.USERS_DATABASE_URL, config.USERS_DB_POOL_SIZE));
  const app = await createHttpApp(AppModule.forRoot(config, dataSource), {
    service: 'users',
    logLevel: config.LOG_LEVEL,
    logFormat: resolveLogFormat(config.LOG_FORMAT, config.NODE_ENV),
    management: managementAddressOf(config, config.USERS_MANAGEMENT_PORT),
  });
  setupOpenApi(app, {
    title: 'Users service',
    description: 'Owns users: create, read, list, update and delete.',
    version: '1.0',
    ui: config.DOCS_ENABLED,
  });
  await app.listen(config.USERS_PORT, config.HOST);
  Logger.log(`listening on http://${config.HOST}:${config.USERS_PORT}`, 'users');
});
