export * from './contract.js';
export { createAnalyticsService, type AnalyticsServiceDeps } from './service.js';
