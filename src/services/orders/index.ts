export * from './contract.js';
export * from './orders.schemas.js';
export { createOrdersService, type OrdersService, type OrdersServiceDeps } from './service.js';
export type { SagaSettings } from './app/context.js';
