export * from './lib/user-directory.options';
export * from './lib/user-directory.consumer';
export * from './lib/user-directory.module';
