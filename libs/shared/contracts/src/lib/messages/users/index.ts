export * from './users-events';
export * from './user-snapshot.v1';
export * from './user-created.v1.event';
export * from './user-updated.v1.event';
export * from './user-deleted.v1.event';
export * from './users-event-payloads';
export * from './commands';
