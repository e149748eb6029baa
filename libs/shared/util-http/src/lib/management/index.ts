export * from './management-server';
export type { ManagementOptions } from './management.lifecycle';
