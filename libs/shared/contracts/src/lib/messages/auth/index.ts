export * from './auth-events';
export * from './access-revoked.v1.event';
export * from './auth-event-payloads';
