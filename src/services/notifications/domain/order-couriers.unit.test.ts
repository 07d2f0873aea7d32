import { describe, expect, it } from 'vitest';
import { followCouriers } from './order-couriers.js';

const ORDER_A = 'order-a';
const ORDER_B = 'order-b';

describe('followCouriers', () => {
  it('shows each update the courier its predecessor left, and remembers the last change per order', () => {
    const followed = followCouriers(new Map([[ORDER_B, 'kiran']]), [
      { orderId: ORDER_A, courierId: null },
      { orderId: ORDER_A, courierId: 'ravi' },
      { orderId: ORDER_B, courierId: 'kiran' },
      { orderId: ORDER_A, courierId: 'meera' },
      { orderId: ORDER_A, courierId: null },
      { orderId: ORDER_A, courierId: 'meera' },
    ]);
    expect(followed.knownBefore).toEqual([null, null, 'kiran', 'ravi', 'meera', 'meera']);
    expect(followed.changed).toEqual(new Map([[ORDER_A, 'meera']]));
  });

  it('changes nothing when every update names the courier already known', () => {
    const followed = followCouriers(new Map([[ORDER_A, 'ravi']]), [{ orderId: ORDER_A, courierId: 'ravi' }]);
    expect(followed).toEqual({ knownBefore: ['ravi'], changed: new Map() });
  });

  it('remembers a courier that went and came back, as each change on its own would write it', () => {
    const followed = followCouriers(new Map([[ORDER_A, 'ravi']]), [
      { orderId: ORDER_A, courierId: 'meera' },
      { orderId: ORDER_A, courierId: 'ravi' },
    ]);
    expect(followed).toEqual({ knownBefore: ['ravi', 'meera'], changed: new Map([[ORDER_A, 'ravi']]) });
  });
});
