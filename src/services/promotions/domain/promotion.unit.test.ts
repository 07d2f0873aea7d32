import { describe, expect, it } from 'vitest';
import type { CreatePromotionBody } from '../contract.js';
import { normalizeCode } from './code.js';
import { assertRedeemable, quoteOf } from './eligibility.js';
import { canManagePromotions } from './promotion-access.js';
import {
  changePromotion,
  isAnnouncementDue,
  isPublic,
  newPromotion,
  statusAt,
  type Promotion,
} from './promotion.js';

const NOW = new Date('2026-03-02T09:00:00.000Z');
const RESTAURANT = '0195a0c0-0000-7000-8000-00000000a001';
const OTHER = '0195a0c0-0000-7000-8000-00000000a002';
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000).toISOString();

const body = (overrides: Partial<CreatePromotionBody> = {}): CreatePromotionBody => ({
  title: ' Weekend feast ',
  description: '20% off',
  code: 'feast20',
  kind: 'PERCENT',
  percentOff: 20,
  startsAt: at(-1),
  endsAt: at(60),
  ...overrides,
});
const create = (overrides: Partial<CreatePromotionBody> = {}, restaurantId: string | null = RESTAURANT) =>
  newPromotion(body(overrides), { id: 'p1', restaurantId, createdBy: 'u1', now: NOW });
const offer = (overrides: Partial<Promotion> = {}): Promotion => ({ ...create(), ...overrides });

describe('a new offer', () => {
  it('keeps its code upper-case and its title trimmed, with nothing redeemed or announced', () => {
    const promotion = create();
    expect(promotion).toMatchObject({
      code: 'FEAST20',
      title: 'Weekend feast',
      percentOff: 20,
      amountOff: null,
      redeemed: 0,
      active: true,
      announcedAt: null,
    });
  });

  it.each<[string, Partial<CreatePromotionBody>, string]>([
    ['ends before it starts', { startsAt: at(30), endsAt: at(10) }, 'endsAt'],
    ['ends as it starts', { startsAt: at(30), endsAt: at(30) }, 'endsAt'],
    ['is already over', { startsAt: at(-60), endsAt: at(-1) }, 'endsAt'],
    ['is PERCENT without percentOff', { percentOff: undefined }, 'percentOff'],
    ['is PERCENT with an amountOff', { amountOff: { amount: 100, currency: 'INR' } }, 'amountOff'],
    ['is FIXED without amountOff', { kind: 'FIXED', percentOff: undefined }, 'amountOff'],
    [
      'is FIXED with a percentOff',
      { kind: 'FIXED', amountOff: { amount: 100, currency: 'INR' } },
      'percentOff',
    ],
    [
      'is FIXED with a maxDiscount',
      {
        kind: 'FIXED',
        percentOff: undefined,
        amountOff: { amount: 100, currency: 'INR' },
        maxDiscount: { amount: 50, currency: 'INR' },
      },
      'maxDiscount',
    ],
  ])('is refused when it %s', (_why, overrides, field) => {
    let refusal: unknown;
    try {
      create(overrides);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toMatchObject({ code: 'PROMOTIONS.INVALID_PROMOTION', details: { field } });
  });
});

describe('an offer in time', () => {
  it('is SCHEDULED, then ACTIVE from its start, EXPIRED from its end, INACTIVE once switched off', () => {
    const promotion = offer({ startsAt: new Date(at(10)), endsAt: new Date(at(20)) });
    expect(statusAt(promotion, NOW)).toBe('SCHEDULED');
    expect(statusAt(promotion, new Date(at(10)))).toBe('ACTIVE');
    expect(statusAt(promotion, new Date(at(20)))).toBe('EXPIRED');
    expect(statusAt({ ...promotion, active: false }, new Date(at(15)))).toBe('INACTIVE');
  });

  it('is due for announcement only while running and never announced', () => {
    const promotion = offer({ startsAt: new Date(at(10)), endsAt: new Date(at(20)) });
    expect(isAnnouncementDue(promotion, NOW)).toBe(false);
    expect(isAnnouncementDue(promotion, new Date(at(10)))).toBe(true);
    expect(isAnnouncementDue({ ...promotion, announcedAt: NOW }, new Date(at(10)))).toBe(false);
    expect(isAnnouncementDue({ ...promotion, active: false }, new Date(at(10)))).toBe(false);
    expect(isAnnouncementDue(promotion, new Date(at(20)))).toBe(false);
  });

  it('is public once started unless switched off', () => {
    const promotion = offer({ startsAt: new Date(at(10)) });
    expect(isPublic(promotion, NOW)).toBe(false);
    expect(isPublic(promotion, new Date(at(10)))).toBe(true);
    expect(isPublic({ ...promotion, active: false }, new Date(at(10)))).toBe(false);
  });
});

describe('changing an offer', () => {
  it('refuses an empty change, an end before the start, and a cap below the redemptions held', () => {
    const promotion = offer({ redeemed: 5 });
    expect(() => changePromotion(promotion, {}, NOW)).toThrowCode('PROMOTIONS.INVALID_PROMOTION');
    expect(() => changePromotion(promotion, { endsAt: at(-2) }, NOW)).toThrowCode(
      'PROMOTIONS.INVALID_PROMOTION',
    );
    expect(() => changePromotion(promotion, { maxRedemptions: 4 }, NOW)).toThrowCode(
      'PROMOTIONS.INVALID_PROMOTION',
    );
    expect(changePromotion(promotion, { maxRedemptions: 5 }, NOW).promotion.maxRedemptions).toBe(5);
    expect(changePromotion(promotion, { maxRedemptions: null }, NOW).promotion.maxRedemptions).toBe(null);
  });

  it('reports no change when every value given is the current one', () => {
    const promotion = offer();
    expect(changePromotion(promotion, { title: promotion.title, active: true }, NOW).changed).toBe(false);
    expect(changePromotion(promotion, { title: 'New' }, NOW).changed).toBe(true);
  });
});

describe('who manages offers', () => {
  const admin = { userId: 'a', roles: ['SYSTEM_ADMIN'], restaurantIds: [] };
  const owner = { userId: 'o', roles: ['RESTAURANT_ADMIN'], restaurantIds: [RESTAURANT] };
  const staff = { userId: 's', roles: ['RESTAURANT_STAFF'], restaurantIds: [RESTAURANT] };
  const customer = { userId: 'c', roles: ['CUSTOMER'], restaurantIds: [] };

  it('is a system admin anywhere, a restaurant admin at home only, never staff or customers', () => {
    expect(canManagePromotions(admin, null)).toBe(true);
    expect(canManagePromotions(admin, OTHER)).toBe(true);
    expect(canManagePromotions(owner, RESTAURANT)).toBe(true);
    expect(canManagePromotions(owner, OTHER)).toBe(false);
    expect(canManagePromotions(owner, null)).toBe(false);
    expect(canManagePromotions(staff, RESTAURANT)).toBe(false);
    expect(canManagePromotions(customer, RESTAURANT)).toBe(false);
    expect(canManagePromotions(undefined, RESTAURANT)).toBe(false);
  });
});

describe('codes', () => {
  it('are compared upper-case, and anything that cannot be a code is none', () => {
    expect(normalizeCode(' save-10_x ')).toBe('SAVE-10_X');
    expect(normalizeCode('ab')).toBeUndefined();
    expect(normalizeCode('x'.repeat(33))).toBeUndefined();
    expect(normalizeCode('SAVE 10')).toBeUndefined();
    expect(normalizeCode('ŚAVE10')).toBeUndefined();
  });
});

describe('using a code on a cart', () => {
  const cart = { restaurantId: RESTAURANT, subtotal: 50_000 };
  const ok = { customerUses: 0 };

  it('quotes a running offer of the restaurant, or a platform-wide one', () => {
    const promotion = offer();
    assertRedeemable(promotion, cart, NOW, ok);
    expect(quoteOf(promotion, cart.subtotal)).toEqual({
      promotionId: 'p1',
      code: 'FEAST20',
      title: 'Weekend feast',
      kind: 'PERCENT',
      discount: { amount: 10_000, currency: 'INR' },
    });
    expect(() =>
      assertRedeemable(offer({ restaurantId: null }), { ...cart, restaurantId: OTHER }, NOW, ok),
    ).not.toThrow();
  });

  it.each<[string, Promotion | undefined, string, { customerUses: number }?]>([
    ['an unknown code', undefined, 'PROMOTIONS.CODE_NOT_FOUND'],
    ['a deactivated offer', offer({ active: false }), 'PROMOTIONS.CODE_NOT_FOUND'],
    ['another restaurant’s offer', offer({ restaurantId: OTHER }), 'PROMOTIONS.CODE_NOT_APPLICABLE'],
    ['an offer not started', offer({ startsAt: new Date(at(1)) }), 'PROMOTIONS.CODE_NOT_STARTED'],
    ['an offer that just ended', offer({ endsAt: NOW }), 'PROMOTIONS.CODE_EXPIRED'],
    ['a cart under the minimum', offer({ minimumOrder: 50_001 }), 'PROMOTIONS.MINIMUM_NOT_MET'],
    ['an offer fully used', offer({ maxRedemptions: 3, redeemed: 3 }), 'PROMOTIONS.CODE_EXHAUSTED'],
    [
      'a customer at their limit',
      offer({ perCustomerLimit: 2 }),
      'PROMOTIONS.CUSTOMER_LIMIT_REACHED',
      { customerUses: 2 },
    ],
  ])('refuses %s', (_why, promotion, code, usage = ok) => {
    expect(() => assertRedeemable(promotion, cart, NOW, usage)).toThrowCode(code);
  });

  it('accepts a cart exactly at the minimum, and the last redemption and use', () => {
    expect(() =>
      assertRedeemable(
        offer({ minimumOrder: 50_000, maxRedemptions: 3, redeemed: 2, perCustomerLimit: 2 }),
        cart,
        NOW,
        { customerUses: 1 },
      ),
    ).not.toThrow();
  });
});
