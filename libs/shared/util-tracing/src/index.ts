export * from './lib/start-tracing';
export * from './lib/message-tracing';
