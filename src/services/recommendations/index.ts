export * from './contract.js';
export { createRecommendationsService, type RecommendationsServiceDeps } from './service.js';
