export * from './outbox-message.entity';
export * from './create-outbox-messages.migration';
export * from './outbox-recorder';
export * from './outbox-relay';
export * from './outbox.options';
export * from './outbox.module';
export * from './outbox.readiness';
