export * from './lib/route-table';
export * from './lib/route-policies.types';
export * from './lib/validate-route-table';
export * from './lib/public-location';
