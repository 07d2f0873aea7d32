export * from './contract.js';
export { createCatalogService, type CatalogServiceDeps } from './service.js';
