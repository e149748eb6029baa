export * from './lib/user-account.entity';
export * from './lib/migrations';
export * from './lib/auth-data-source';
export * from './lib/user-accounts.repository';
export * from './lib/auth-data-access.module';
export * from './lib/credentials.repository';
export * from './lib/refresh-tokens.repository';
export * from './lib/signing-keys.repository';
