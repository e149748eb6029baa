export * from './users-commands';
export * from './create-user.v1.command';
export * from './users-command-payloads';
