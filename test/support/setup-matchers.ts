import { expect } from 'vitest';

/** `expect(fn).toThrowCode('ORDERS.INVALID_ORDER_STATE')` and `await expect(p).rejects.toThrowCode(...)`. */
expect.extend({
  toThrowCode(received: unknown, code: string) {
    let error: unknown = received;
    if (typeof received === 'function') {
      try {
        (received as () => unknown)();
        return { pass: false, message: () => `expected a throw with code ${code}, nothing was thrown` };
      } catch (thrown) {
        error = thrown;
      }
    }
    const actual =
      typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
    return {
      pass: actual === code,
      message: () => `expected code ${code}, got ${String(actual)} (${String((error as Error)?.message)})`,
    };
  },
});

declare module 'vitest' {
  // The type parameter must match vitest's own declaration exactly (`T = any`) for the merge to apply.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  interface Matchers<T = any> {
    toThrowCode(code: string): T;
  }
}
