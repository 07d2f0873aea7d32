export * from './contract.js';
export { createUsersService, type UsersServiceDeps } from './service.js';
