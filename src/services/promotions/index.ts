export * from './contract.js';
export { createPromotionsService, type PromotionsService, type PromotionsServiceDeps } from './service.js';
