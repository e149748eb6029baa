export * from './bearer-auth.config';
