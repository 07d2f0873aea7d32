export * from './contract.js';
export { createSearchService, type SearchService, type SearchServiceDeps } from './service.js';
