export * from './user-access.policy';
