import { Module, type DynamicModule } from '@nestjs/common';
import { AuthDataAccessModule } from '@platform/auth-data-access';
import { InboxModule } from '@platform/util-messaging';
import { UserDirectoryConsumer } from './user-directory.consumer';
import { USER_DIRECTORY_OPTIONS, type UserDirectoryOptions } from './user-directory.options';

/** Auth's consumer of users events. Needs the app's TypeORM and messaging modules. */
@Module({})
export class UserDirectoryModule {
  /** `identity`: the app's IdentityModule, which provides the revocation notices. */
  static forRoot(options: UserDirectoryOptions, identity: DynamicModule): DynamicModule {
    return {
      module: UserDirectoryModule,
      imports: [AuthDataAccessModule, InboxModule.forRoot(), identity],
      providers: [{ provide: USER_DIRECTORY_OPTIONS, useValue: options }, UserDirectoryConsumer],
      exports: [UserDirectoryConsumer],
    };
  }
}
