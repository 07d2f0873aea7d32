import { describe, expect, it } from 'vitest';
import { createStaticDiscovery } from './static-discovery.js';

describe('static discovery', () => {
  it('lists the configured URLs of a service, without trailing slashes, and none for an unknown one', async () => {
    const discovery = createStaticDiscovery(
      new Map([['catalog', ['http://10.0.0.1:8080/', 'http://10.0.0.2:8080']]]),
    );
    expect(await discovery.instances('catalog')).toEqual(['http://10.0.0.1:8080', 'http://10.0.0.2:8080']);
    expect(await discovery.instances('payments')).toEqual([]);
  });
});
