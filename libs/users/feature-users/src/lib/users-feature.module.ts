import { Module } from '@nestjs/common';
import { UsersDataAccessModule } from '@platform/users-data-access';
import { OutboxModule } from '@platform/util-messaging';
import { UsersHttpController } from './users.http.controller';
import { UsersService } from './users.service';

/** The /v1/users resource and its events. Needs the app's TypeORM and messaging modules. */
@Module({
  imports: [UsersDataAccessModule, OutboxModule.forRoot()],
  controllers: [UsersHttpController],
  providers: [UsersService],
  exports: [UsersService],
})
export class UsersFeatureModule {}
