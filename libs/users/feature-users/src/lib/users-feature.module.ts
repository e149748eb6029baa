import { Module, type DynamicModule } from '@nestjs/common';
import { UsersDataAccessModule } from '@platform/users-data-access';
import { OutboxModule } from '@platform/util-messaging';
import { USERS_COMMANDS_QUEUE, UsersCommandHandlers } from './commands/users.command-handlers';
import { UsersHttpController } from './users.http.controller';
import { UsersMeHttpController } from './users-me.http.controller';
import { UserResource } from './http/user-resource';
import { UsersService } from './users.service';

export interface UsersFeatureOptions {
  /** Queue of the users commands (create-user from auth's registration). */
  commandsQueue: string;
}

/**
 * The /v1/users resource, its commands and its events. Needs the app's TypeORM, messaging and
 * bearer-auth modules: every route acts for the caller of a verified access token.
 */
@Module({})
export class UsersFeatureModule {
  static forRoot(options: UsersFeatureOptions): DynamicModule {
    return {
      module: UsersFeatureModule,
      imports: [UsersDataAccessModule, OutboxModule.forRoot()],
      // The /me routes first, so `me` is never taken for an id.
      controllers: [UsersMeHttpController, UsersHttpController],
      providers: [
        UsersService,
        UserResource,
        UsersCommandHandlers,
        { provide: USERS_COMMANDS_QUEUE, useValue: options.commandsQueue },
      ],
      exports: [UsersService],
    };
  }
}
