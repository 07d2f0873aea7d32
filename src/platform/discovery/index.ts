export type { Discovery } from './discovery.port.js';
export { createStaticDiscovery } from './static-discovery.js';
export { createRedisDiscovery, type RedisDiscoveryOptions } from './redis-discovery.js';
export { registerInstance, type RegisterInstanceOptions } from './register-instance.js';
