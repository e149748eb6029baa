export * from './command-topology';
export * from './command-client';
export * from './command-server';
