import { describe, expect, it } from 'vitest';
import { serviceForPath, serviceOfDeadLetter } from './routing.js';

describe('the gateway routing table', () => {
  it.each([
    ['/auth/login', 'auth'],
    ['/.well-known/jwks.json', 'auth'],
    ['/api/users/me', 'users'],
    ['/api/v1/users/me', 'users'],
    ['/api/restaurants/r1/reviews', 'restaurants'],
    ['/api/menu/items', 'catalog'],
    ['/api/orders', 'orders'],
    ['/api/orders/o1/timeline', 'orders'],
    ['/api/orders/o1/stream', 'realtime'],
    ['/api/v1/orders/o1/stream', 'realtime'],
    ['/api/notifications/stream', 'realtime'],
    ['/api/notifications/n1/read', 'notifications'],
    ['/api/admin/notifications/emails', 'notifications'],
    ['/ws', 'realtime'],
    ['/api/payments', 'payments'],
    ['/api/deliveries/me', 'delivery'],
    ['/api/promotions/quote', 'promotions'],
    ['/api/search/suggest', 'search'],
    ['/api/storage/files/f1', 'storage'],
    ['/api/analytics/summary', 'analytics'],
    ['/api/recommendations', 'recommendations'],
  ])('%s → %s', (path, service) => {
    expect(serviceForPath(path)).toBe(service);
  });

  it('knows no service for other paths, nor for look-alike prefixes', () => {
    expect(serviceForPath('/api/ordersx')).toBeUndefined();
    expect(serviceForPath('/api/nothing')).toBeUndefined();
    expect(serviceForPath('/')).toBeUndefined();
  });

  it('finds the service of a dead letter by its id', () => {
    expect(serviceOfDeadLetter('/api/admin/dlq/orders:12')).toBe('orders');
    expect(serviceOfDeadLetter('/api/admin/dlq/payments:3/redrive')).toBe('payments');
    expect(serviceOfDeadLetter('/api/admin/dlq')).toBeUndefined();
    expect(serviceOfDeadLetter('/api/admin/dlq/bad')).toBeUndefined();
  });
});
