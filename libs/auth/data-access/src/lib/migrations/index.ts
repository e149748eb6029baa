import { CreateUserAccounts1763719300000 } from './1763719300000-create-user-accounts';

/** Every migration of the auth database, oldest first. */
export const authMigrations = [CreateUserAccounts1763719300000];
