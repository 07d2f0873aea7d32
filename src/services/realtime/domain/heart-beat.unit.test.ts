import { describe, expect, it } from 'vitest';
import { heartBeatHeader, negotiateHeartBeat } from './heart-beat.js';
import { StompSyntaxError } from './stomp-frame.js';

const offer = { sendMs: 10_000, expectMs: 5_000 };

describe('heart-beat negotiation', () => {
  it('runs each direction at the slower of the two wishes', () => {
    expect(negotiateHeartBeat('4000,20000', offer)).toEqual({ sendEveryMs: 20_000, expectEveryMs: 5_000 });
    expect(negotiateHeartBeat('8000,1000', offer)).toEqual({ sendEveryMs: 10_000, expectEveryMs: 8_000 });
  });

  it('turns a direction off when either side says 0, and both off without the header', () => {
    expect(negotiateHeartBeat('0,1000', offer)).toEqual({ sendEveryMs: 10_000, expectEveryMs: 0 });
    expect(negotiateHeartBeat('1000,0', offer)).toEqual({ sendEveryMs: 0, expectEveryMs: 5_000 });
    expect(negotiateHeartBeat('1000,1000', { sendMs: 0, expectMs: 0 })).toEqual({
      sendEveryMs: 0,
      expectEveryMs: 0,
    });
    expect(negotiateHeartBeat(undefined, offer)).toEqual({ sendEveryMs: 0, expectEveryMs: 0 });
  });

  it('refuses a malformed header', () => {
    expect(() => negotiateHeartBeat('10', offer)).toThrow(StompSyntaxError);
    expect(() => negotiateHeartBeat('a,b', offer)).toThrow(StompSyntaxError);
  });

  it("states the server's side as sx,sy", () => {
    expect(heartBeatHeader(offer)).toBe('10000,5000');
  });
});
