export * from './lib/access-revocation.module';
export type { AccessRevocationOptions } from './lib/access-revocation.options';
