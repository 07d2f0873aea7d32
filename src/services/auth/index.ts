export * from './contract.js';
export { createAuthService, type AuthService, type AuthServiceDeps } from './service.js';
