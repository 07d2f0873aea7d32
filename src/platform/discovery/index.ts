export type { Discovery } from './discovery.port.js';
export { createStaticDiscovery } from './static-discovery.js';
export { createRedisDiscovery, type RedisDiscoveryOptions } from './redis-discovery.js';
export { createLayeredDiscovery } from './layered-discovery.js';
export { InstanceHealth, type InstanceHealthOptions } from './instance-health.js';
export { withPassiveHealth } from './passive-health-discovery.js';
export { registerInstance, type RegisterInstanceOptions } from './register-instance.js';
