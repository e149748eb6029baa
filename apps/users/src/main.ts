import { Logger } from '@nestjs/common';
import { createHttpApp, runApp, setupOpenApi } from '@platform/util-http';
import { AppModule } from './app/app.module';
import { loadUsersConfig } from './app/users.config';

runApp('users', async () => {
  const config = loadUsersConfig();
  const app = await createHttpApp(AppModule.forRoot(config), { logLevel: config.LOG_LEVEL });
  setupOpenApi(app, {
    title: 'Users service',
    description: 'Owns users: create, read, list, update and delete.',
    version: '1.0',
    ui: config.DOCS_ENABLED,
  });
  await app.listen(config.USERS_PORT, config.HOST);
  Logger.log(`listening on http://${config.HOST}:${config.USERS_PORT}`, 'users');
});
