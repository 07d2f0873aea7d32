import type { Discovery } from './discovery.port.js';
import type { InstanceHealth } from './instance-health.js';

/** Discovery that leaves out the instances `health` has marked down (see InstanceHealth.usable). */
export function withPassiveHealth(discovery: Discovery, health: InstanceHealth): Discovery {
  const lastHeartbeat = (url: string) => discovery.lastHeartbeat?.(url);
  return {
    instances: async (service) => health.usable(await discovery.instances(service), lastHeartbeat),
    lastHeartbeat,
  };
}
