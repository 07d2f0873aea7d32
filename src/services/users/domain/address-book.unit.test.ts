import { describe, expect, it } from 'vitest';
import { MAX_ADDRESSES } from '../contract.js';
import { decideDefaultChange, decideNewAddress, successorOfDeletedDefault } from './address-book.js';

describe('address book rules', () => {
  it('makes the first address the default whatever was asked', () => {
    expect(decideNewAddress({ count: 0 }, false)).toEqual({ isDefault: true, unsetOthers: false });
    expect(decideNewAddress({ count: 0 }, undefined)).toEqual({ isDefault: true, unsetOthers: false });
  });

  it('moves the default to a later address only when asked', () => {
    expect(decideNewAddress({ count: 3 }, true)).toEqual({ isDefault: true, unsetOthers: true });
    expect(decideNewAddress({ count: 3 }, undefined)).toEqual({ isDefault: false, unsetOthers: false });
  });

  it(`refuses address ${MAX_ADDRESSES + 1}`, () => {
    expect(() => decideNewAddress({ count: MAX_ADDRESSES - 1 }, true)).not.toThrow();
    expect(() => decideNewAddress({ count: MAX_ADDRESSES }, false)).toThrowCode(
      'USERS.ADDRESS_LIMIT_REACHED',
    );
  });

  it('refuses to unset the default, and treats repeating the current flag as no change', () => {
    expect(() => decideDefaultChange({ isDefault: true }, false)).toThrowCode(
      'USERS.DEFAULT_ADDRESS_REQUIRED',
    );
    expect(decideDefaultChange({ isDefault: true }, true)).toEqual({ isDefault: true, unsetOthers: false });
    expect(decideDefaultChange({ isDefault: false }, false)).toEqual({
      isDefault: false,
      unsetOthers: false,
    });
    expect(decideDefaultChange({ isDefault: false }, true)).toEqual({ isDefault: true, unsetOthers: true });
  });

  it('promotes the most recently added address, the larger id on a tie, nothing from an empty book', () => {
    const at = (iso: string) => new Date(iso);
    const remaining = [
      { id: 'b', createdAt: at('2026-01-01T10:00:00Z') },
      { id: 'c', createdAt: at('2026-01-02T10:00:00Z') },
      { id: 'a', createdAt: at('2026-01-02T10:00:00Z') },
    ];
    expect(successorOfDeletedDefault(remaining)?.id).toBe('c');
    expect(successorOfDeletedDefault([])).toBeUndefined();
  });
});
