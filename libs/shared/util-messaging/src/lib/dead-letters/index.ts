export * from './parking-lot';
