import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../platform/http/principal.js';
import { accessTo, canManage, canOperate } from './access.js';

const A = '0190f000-0000-7000-8000-00000000000a';
const B = '0190f000-0000-7000-8000-00000000000b';
const who = (roles: string[], restaurantIds: string[] = []): Principal => ({
  userId: 'u',
  roles,
  restaurantIds,
  tokenId: 't',
});

describe('accessTo', () => {
  it('gives the token’s restaurant role only at the restaurants of its rid', () => {
    expect(accessTo(who(['RESTAURANT_STAFF'], [A]), A, undefined)).toBe('RESTAURANT_STAFF');
    expect(accessTo(who(['RESTAURANT_STAFF'], [A]), B, undefined)).toBe('NONE');
    expect(accessTo(who(['RESTAURANT_ADMIN'], [A]), A, undefined)).toBe('RESTAURANT_ADMIN');
    expect(accessTo(who(['CUSTOMER']), A, undefined)).toBe('NONE');
    expect(accessTo(who(['SYSTEM_ADMIN']), A, undefined)).toBe('SYSTEM_ADMIN');
  });

  it('lets a recorded membership outweigh the token (per-restaurant role, revocation)', () => {
    const staffHereAdminElsewhere = who(['RESTAURANT_STAFF', 'RESTAURANT_ADMIN'], [A, B]);
    expect(accessTo(staffHereAdminElsewhere, A, { role: 'RESTAURANT_STAFF', revoked: false })).toBe(
      'RESTAURANT_STAFF',
    );
    expect(accessTo(who(['RESTAURANT_ADMIN'], [A]), A, { role: 'RESTAURANT_ADMIN', revoked: true })).toBe(
      'NONE',
    );
    expect(accessTo(who(['CUSTOMER']), A, { role: 'RESTAURANT_STAFF', revoked: false })).toBe(
      'RESTAURANT_STAFF',
    );
  });

  it('lets staff operate but only admins manage', () => {
    expect(canOperate('RESTAURANT_STAFF')).toBe(true);
    expect(canManage('RESTAURANT_STAFF')).toBe(false);
    expect(canManage('RESTAURANT_ADMIN')).toBe(true);
    expect(canManage('SYSTEM_ADMIN')).toBe(true);
    expect(canOperate('NONE')).toBe(false);
  });
});
