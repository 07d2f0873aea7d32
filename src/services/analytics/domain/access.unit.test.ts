import { describe, expect, it } from 'vitest';
import { assertMayReadRestaurant } from './access.js';

const who = (roles: string[], restaurantIds: string[] = []) => ({
  userId: 'u',
  roles,
  restaurantIds,
  tokenId: 't',
});

describe('who may read a restaurant’s analytics', () => {
  it('lets its staff and admins, and system admins', () => {
    expect(() => assertMayReadRestaurant(who(['RESTAURANT_STAFF'], ['a']), 'a')).not.toThrow();
    expect(() => assertMayReadRestaurant(who(['RESTAURANT_ADMIN'], ['b', 'a']), 'a')).not.toThrow();
    expect(() => assertMayReadRestaurant(who(['SYSTEM_ADMIN']), 'a')).not.toThrow();
  });

  it('refuses another restaurant’s staff and anyone else', () => {
    expect(() => assertMayReadRestaurant(who(['RESTAURANT_ADMIN'], ['b']), 'a')).toThrowCode(
      'ANALYTICS.NOT_YOUR_RESTAURANT',
    );
    // A restaurant id in a token without a staff role grants nothing.
    expect(() => assertMayReadRestaurant(who(['CUSTOMER'], ['a']), 'a')).toThrowCode(
      'ANALYTICS.NOT_YOUR_RESTAURANT',
    );
    expect(() => assertMayReadRestaurant(who(['DELIVERY_PARTNER']), 'a')).toThrowCode(
      'ANALYTICS.NOT_YOUR_RESTAURANT',
    );
  });
});
