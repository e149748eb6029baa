export * from './lib/dto';
export * from './lib/users.service';
export * from './lib/users-feature.module';
