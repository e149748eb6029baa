export * from './bearer-auth.module';
export {
  ACCESS_TOKEN_POLICY,
  ACCESS_TOKEN_VERIFIER,
  PUBLIC_KEY_RESOLVER,
  type BearerAuthModuleOptions,
} from './bearer-auth.options';
export * from './current-caller.decorator';
export * from './require-role.decorator';
export * from './auth-problems';
