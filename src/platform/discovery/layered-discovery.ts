import type { Discovery } from './discovery.port.js';
import { createStaticDiscovery } from './static-discovery.js';

/**
 * Static URLs for the services they name, the registry for every other one: a node may pin some services
 * (a Kubernetes service name, a peer outside the registry's environment) and discover the rest. Without a
 * registry, a service not named has no instance.
 */
export function createLayeredDiscovery(
  urls: ReadonlyMap<string, readonly string[]>,
  registry: Discovery | undefined,
): Discovery {
  const pinned = createStaticDiscovery(urls);
  return {
    instances: (service) =>
      urls.has(service) || registry === undefined ? pinned.instances(service) : registry.instances(service),
    lastHeartbeat: (url) => registry?.lastHeartbeat?.(url),
  };
}
