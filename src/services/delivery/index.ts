export * from './contract.js';
export { createDeliveryService, type DeliveryServiceDeps } from './service.js';
