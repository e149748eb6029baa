export * from './lib/problem';
export * from './lib/validation';
export * from './lib/app';
export * from './lib/openapi';
export * from './lib/health';
export * from './lib/access';
export * from './lib/management';
export * from './lib/pipeline';
