import { CreateInboxMessages1763719250000, CreateOutboxMessages1763719200000 } from '@platform/util-messaging';
import { CreateUserAccounts1763719300000 } from './1763719300000-create-user-accounts';
import { CreateCredentialsAndSessions1763800100000 } from './1763800100000-create-credentials-and-sessions';

/** Every migration of the auth database, oldest first. */
export const authMigrations = [
  CreateOutboxMessages1763719200000,
  CreateInboxMessages1763719250000,
  CreateUserAccounts1763719300000,
  CreateCredentialsAndSessions1763800100000,
];
