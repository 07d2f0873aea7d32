import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../../platform/messaging/index.js';
import { foldEvents, isNewer } from './index-patches.js';

let n = 0;
function event(type: string, subject: string, data: unknown, time: string): EventEnvelope {
  n += 1;
  const id = `0190a000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
  return { id, type, version: 1, source: 'test', subject, time, correlationId: id, causationId: null, data };
}
const R = '0190a000-0000-7000-8000-0000000000aa';
const I = '0190a000-0000-7000-8000-0000000000bb';
const item = (name: string) => ({
  id: I,
  restaurantId: R,
  name,
  description: '',
  price: { amount: 1, currency: 'INR' },
  categories: [],
  dietaryTags: [],
  allergens: [],
  nutrition: {},
  available: true,
  imageUrl: null,
  deleted: false,
  createdAt: '',
  updatedAt: '',
});
const itemEvent = (change: string, name: string | null, time: string) =>
  event(
    'MenuItemUpdated',
    I,
    { itemId: I, restaurantId: R, change, item: name === null ? null : item(name) },
    time,
  );

describe('folding events into index facts', () => {
  it('keeps the newest item state whatever the order, and a deletion as null', () => {
    const created = itemEvent('CREATED', 'Dal', '2026-01-01T10:00:00.000Z');
    const renamed = itemEvent('UPDATED', 'Dal Fry', '2026-01-01T11:00:00.000Z');
    const deleted = itemEvent('DELETED', null, '2026-01-01T12:00:00.000Z');
    expect(foldEvents([created, renamed]).items.get(I)?.item?.name).toBe('Dal Fry');
    expect(foldEvents([renamed, created]).items.get(I)?.item?.name).toBe('Dal Fry');
    expect(foldEvents([deleted, renamed, created]).items.get(I)?.item).toBeNull();
  });

  it('orders equal instants by event id', () => {
    const a = { time: '2026-01-01T10:00:00.000Z', eventId: '0190a000-0000-7000-8000-000000000001' };
    const b = { time: '2026-01-01T10:00:00.000Z', eventId: '0190a000-0000-7000-8000-000000000002' };
    expect(isNewer(b, a)).toBe(true);
    expect(isNewer(a, b)).toBe(false);
    expect(isNewer(a, a)).toBe(false);
    expect(isNewer(a, undefined)).toBe(true);
  });

  it('takes the switch from whichever of profile and status event is newer', () => {
    const profile = (open: boolean, time: string) =>
      event('RestaurantProfileUpdated', R, { restaurant: { id: R, open, name: 'X' } }, time);
    const status = (open: boolean, time: string) =>
      event('RestaurantStatusChanged', R, { restaurantId: R, open, changedBy: 'u' }, time);
    const closedLater = foldEvents([
      profile(true, '2026-01-01T10:00:00Z'),
      status(false, '2026-01-01T11:00:00Z'),
    ]);
    expect(closedLater.restaurants.get(R)?.open?.value).toBe(false);
    // A status known before any profile is kept, and an older profile does not reopen it.
    const statusFirst = foldEvents([
      status(false, '2026-01-01T11:00:00Z'),
      profile(true, '2026-01-01T10:00:00Z'),
    ]);
    expect(statusFirst.restaurants.get(R)?.open?.value).toBe(false);
    expect(statusFirst.restaurants.get(R)?.profile?.restaurant.name).toBe('X');
  });

  it('ignores other types and unknown versions', () => {
    const other = event('OrderCreated', 'o', {}, '2026-01-01T10:00:00Z');
    const v2 = { ...itemEvent('CREATED', 'Dal', '2026-01-01T10:00:00Z'), version: 2 };
    const patches = foldEvents([other, v2]);
    expect(patches.items.size + patches.restaurants.size).toBe(0);
  });
});
