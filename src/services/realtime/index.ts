export * from './contract.js';
export {
  createRealtimeService,
  type RealtimeService,
  type RealtimeServiceDeps,
  type RealtimeSettings,
} from './service.js';
