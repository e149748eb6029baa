export * from './inbox-message.entity';
export * from './create-inbox-messages.migration';
export * from './inbox.options';
export * from './inbox';
export * from './inbox.module';
