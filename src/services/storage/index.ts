export * from './contract.js';
export { createStorageService, type StorageServiceDeps } from './service.js';
