import { describe, expect, it } from 'vitest';
import type { Discovery } from './discovery.port.js';
import { createLayeredDiscovery } from './layered-discovery.js';

describe('static URLs for some services, the registry for the others', () => {
  const registry: Discovery = {
    instances: async (service) => (service === 'auth' ? ['http://10.0.0.9:8080'] : []),
    lastHeartbeat: (url) => (url === 'http://10.0.0.9:8080' ? 42 : undefined),
  };

  it('answers a pinned service from its URLs, and every other one from the registry', async () => {
    const discovery = createLayeredDiscovery(new Map([['payments', ['http://10.0.0.1:8080/']]]), registry);
    expect(await discovery.instances('payments')).toEqual(['http://10.0.0.1:8080']);
    expect(await discovery.instances('auth')).toEqual(['http://10.0.0.9:8080']);
    expect(await discovery.instances('orders')).toEqual([]);
    expect(discovery.lastHeartbeat?.('http://10.0.0.9:8080')).toBe(42);
  });

  it('knows only the pinned services without a registry', async () => {
    const discovery = createLayeredDiscovery(new Map([['payments', ['http://10.0.0.1:8080']]]), undefined);
    expect(await discovery.instances('auth')).toEqual([]);
    expect(await discovery.instances('payments')).toEqual(['http://10.0.0.1:8080']);
  });
});
