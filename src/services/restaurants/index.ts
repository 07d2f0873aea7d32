export * from './contract.js';
export { createRestaurantsService, type RestaurantsServiceDeps } from './service.js';
