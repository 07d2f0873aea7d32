import { describe, expect, it } from 'vitest';
import { normalizePhone } from './phone.js';

describe('normalizePhone', () => {
  it.each([
    ['+91 98765 43210', '+919876543210'],
    ['+1 (415) 555-0100', '+14155550100'],
    ['+44.20.7946.0958', '+442079460958'],
  ])('keeps %s as %s', (raw, phone) => {
    expect(normalizePhone(raw)).toBe(phone);
  });

  it.each(['9876543210', '+0 98765 43210', '+91 98765 4321x', '+1234567', '+1234567890123456', ''])(
    'refuses %s',
    (raw) => {
      expect(() => normalizePhone(raw)).toThrowCode('USERS.INVALID_PHONE');
    },
  );
});
