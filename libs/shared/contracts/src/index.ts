export * from './lib/messages/users';
export * from './lib/rest/users';
