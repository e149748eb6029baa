export * from './lib/test-env';
export * from './lib/test-database';
export * from './lib/wait-for';
export * from './lib/test-queue';
export * from './lib/managed-process';
export * from './lib/tcp-proxy';
export * from './lib/dedicated-servers';
export * from './lib/prometheus-text';
