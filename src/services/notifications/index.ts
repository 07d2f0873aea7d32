export * from './contract.js';
export type { EmailChannel, OutgoingEmail, OutgoingSms, SendContext, SmsChannel } from './app/ports.js';
export { createNotificationsService, type NotificationsServiceDeps } from './service.js';
