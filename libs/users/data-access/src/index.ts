export * from './lib/user.entity';
export * from './lib/migrations';
export * from './lib/users-data-source';
export * from './lib/user-list.query';
export * from './lib/users.repository';
export * from './lib/users-data-access.module';
