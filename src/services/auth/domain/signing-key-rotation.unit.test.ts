import { describe, expect, it } from 'vitest';
import { currentKey, isPublished, planKeyRotation, type SigningKeyState } from './signing-key-rotation.js';

const DAY = 86_400_000;
const policy = { rotationDays: 30, accessTtlSeconds: 900 };
const t0 = new Date('2026-01-01T00:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const key = (kid: string, createdAt: Date, retiredAt: Date | null = null): SigningKeyState => ({
  kid,
  createdAt,
  retiredAt,
});

describe('signing key rotation', () => {
  it('given no keys, creates one', () => {
    expect(planKeyRotation([], t0, policy)).toEqual({ createKey: true, retire: [], drop: [] });
  });

  it('given a current key younger than the rotation period, changes nothing', () => {
    expect(planKeyRotation([key('a', t0)], at(29 * DAY), policy)).toEqual({
      createKey: false,
      retire: [],
      drop: [],
    });
  });

  it('given a current key as old as the rotation period, creates a new key and retires the old one', () => {
    expect(planKeyRotation([key('a', t0)], at(30 * DAY), policy)).toEqual({
      createKey: true,
      retire: ['a'],
      drop: [],
    });
  });

  it('when forced, rotates a key that is not yet due', () => {
    expect(planKeyRotation([key('a', t0)], at(DAY), policy, true)).toEqual({
      createKey: true,
      retire: ['a'],
      drop: [],
    });
  });

  it('given a retired key, keeps it until it is older than the rotation period plus the access TTL, then drops it', () => {
    const keys = [key('a', t0, at(DAY)), key('b', at(DAY))];
    const window = 30 * DAY + 900_000;
    expect(planKeyRotation(keys, at(window - 1), policy).drop).toEqual([]);
    expect(planKeyRotation(keys, at(window), policy).drop).toEqual(['a']);
  });

  it('given a key retired late, keeps it for one access TTL after retirement so its last tokens still verify', () => {
    const retiredLate = key('a', t0, at(40 * DAY));
    expect(isPublished(retiredLate, at(40 * DAY + 899_000), policy)).toBe(true);
    expect(isPublished(retiredLate, at(40 * DAY + 900_000), policy)).toBe(false);
  });

  it('given several keys, the newest unretired one signs', () => {
    const keys = [key('a', t0, at(DAY)), key('b', at(DAY)), key('c', at(2 * DAY), at(3 * DAY))];
    expect(currentKey(keys)?.kid).toBe('b');
  });
});
