export { FuzzFixtures } from './fuzz-fixtures';
export { Fuzzer, type FuzzCategory, type FuzzSettings } from './fuzzer';
export { operationName, operationsOf, type Operation } from './openapi-operations';
export { StoredState } from './stored-state';
