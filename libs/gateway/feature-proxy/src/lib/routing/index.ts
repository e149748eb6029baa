export * from './route-table';
export * from './validate-route-table';
