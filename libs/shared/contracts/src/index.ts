export * from './lib/messages/auth';
export * from './lib/messages/users';
export * from './lib/rest/users';
export { Roles, ROLES, type Role } from '@platform/util-auth';
