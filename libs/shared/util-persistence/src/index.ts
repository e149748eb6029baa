export * from './lib/postgres-options';
export * from './lib/run-migrations-exclusively';
export * from './lib/persistence.module';
export * from './lib/database.readiness';
export * from './lib/unique-violation';
