export * from './lib/messages/auth';
export * from './lib/messages/users';
export * from './lib/rest/users';
export * from './lib/roles';
