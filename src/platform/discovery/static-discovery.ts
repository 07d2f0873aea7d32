import type { Discovery } from './discovery.port.js';

/** Fixed URLs per service (SERVICE_URLS, or Kubernetes service DNS names that balance on their own). */
export function createStaticDiscovery(urls: ReadonlyMap<string, readonly string[]>): Discovery {
  const copy = new Map([...urls].map(([service, list]) => [service, list.map(trimSlash)]));
  return { instances: async (service) => [...(copy.get(service) ?? [])] };
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
