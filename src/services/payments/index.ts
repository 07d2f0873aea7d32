export * from './contract.js';
export { createPaymentsService, type PaymentsServiceDeps } from './service.js';
export type { AuthorizeOutcome, PaymentProvider, VoidOutcome } from './app/payment-provider.js';
export { createSandboxProvider } from './adapters/sandbox-provider.js';
