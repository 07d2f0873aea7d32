import { describe, expect, it } from 'vitest';
import { assignRoles, effectiveAccess } from './account-roles.js';

const r1 = '00000000-0000-7000-8000-000000000001';
const r2 = '00000000-0000-7000-8000-000000000002';

describe('account roles', () => {
  it('splits account roles from restaurant grants', () => {
    expect(assignRoles(['CUSTOMER', 'RESTAURANT_ADMIN', 'RESTAURANT_STAFF'], [r1])).toEqual({
      accountRoles: ['CUSTOMER'],
      grants: [
        { restaurantId: r1, role: 'RESTAURANT_ADMIN' },
        { restaurantId: r1, role: 'RESTAURANT_STAFF' },
      ],
    });
  });

  it.each([
    ['an unknown role', ['ROOT'], []],
    ['no role at all', [], []],
    ['a restaurant role without a restaurant', ['RESTAURANT_STAFF'], []],
    ['restaurant ids without a restaurant role', ['CUSTOMER'], [r1]],
  ])('refuses %s', (_why, roles, restaurantIds) => {
    expect(() => assignRoles(roles, restaurantIds)).toThrowCode('AUTH.INVALID_ROLES');
  });

  it('shows every role held anywhere once, and every restaurant once', () => {
    const grants = [
      { restaurantId: r1, role: 'RESTAURANT_ADMIN' as const },
      { restaurantId: r1, role: 'RESTAURANT_STAFF' as const },
      { restaurantId: r2, role: 'RESTAURANT_STAFF' as const },
    ];
    expect(effectiveAccess(['CUSTOMER'], grants)).toEqual({
      roles: ['CUSTOMER', 'RESTAURANT_ADMIN', 'RESTAURANT_STAFF'],
      restaurantIds: [r1, r2],
    });
  });
});
