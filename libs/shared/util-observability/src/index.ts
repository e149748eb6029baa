export * from './lib/logger';
export * from './lib/pino-nest-logger';
export * from './lib/request-log';
export * from './lib/metrics';
export * from './lib/observability.module';
