import { CreateOutboxMessages1763719200000 } from '@platform/util-messaging';
import { CreateUsers1763719100000 } from './1763719100000-create-users';
import { AddUserRoles1763800000000 } from './1763800000000-add-user-roles';

/** Every migration of the users database, oldest first. */
export const usersMigrations = [CreateUsers1763719100000, CreateOutboxMessages1763719200000, AddUserRoles1763800000000];
