export * from './lib/identity.module';
export * from './lib/identity.options';
export * from './lib/keys/signing-key-ring';
export * from './lib/passwords/password-hasher';
export * from './lib/passwords/password.field';
export * from './lib/bootstrap/admin-bootstrap';
export * from './lib/revocation/access-revocation-notices';
