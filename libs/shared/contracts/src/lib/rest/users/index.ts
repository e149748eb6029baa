export * from './user.dto';
