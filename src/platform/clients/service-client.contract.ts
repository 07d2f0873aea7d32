import { afterEach, describe, expect, it } from 'vitest';
import { AppError, CommonErrors } from '../errors/app-error.js';
import type { ServiceClient, ServiceHandlers } from './service-contract.js';
import { defineServiceContract } from './service-contract.js';

/** A small contract that exercises what crosses the wire: values, errors, and what JSON does to them. */
export type ProbeOperations = {
  echo(input: {
    text: string;
    nested: { list: number[] };
  }): Promise<{ text: string; nested: { list: number[] } }>;
  mutate(input: { items: string[] }): Promise<{ count: number }>;
  now(input: null): Promise<Date>;
  nothing(input: undefined): Promise<void>;
  reject(input: { code: string; details?: Record<string, unknown>; status?: number }): Promise<never>;
  crash(input: null): Promise<never>;
};

export const probeContract = defineServiceContract<ProbeOperations>('probe', {
  echo: { idempotent: true },
  mutate: { idempotent: false },
  now: { idempotent: true },
  nothing: { idempotent: true },
  reject: { idempotent: true },
  crash: { idempotent: false },
});

export const probeHandlers: ServiceHandlers<ProbeOperations> = {
  echo: async (input) => input,
  mutate: async (input) => {
    input.items.push('added by the callee');
    return { count: input.items.length };
  },
  now: async () => new Date('2026-01-01T12:00:00.000Z'),
  nothing: async () => undefined,
  reject: async ({ code, details, status }) => {
    throw new AppError(code, `rejected with ${code}`, {
      ...(details === undefined ? {} : { details }),
      ...(status === undefined ? {} : { status }),
    });
  },
  crash: async () => {
    throw new Error('database password is hunter2');
  },
};

/** The service-client port's behaviour, which every transport must show. */
export function serviceClientContract(
  name: string,
  make: () => Promise<{ client: ServiceClient<ProbeOperations>; close(): Promise<void> }>,
): void {
  describe(`service client: ${name}`, () => {
    const open: Array<() => Promise<void>> = [];
    const client = async () => {
      const made = await make();
      open.push(made.close);
      return made.client;
    };
    afterEach(async () => {
      await Promise.all(open.splice(0).map((close) => close()));
    });

    it('returns the result of the operation', async () => {
      const probe = await client();
      const input = { text: 'नमस्ते', nested: { list: [1, 2, 3] } };
      expect(await probe.echo(input)).toEqual(input);
    });

    it('passes copies: the callee cannot change the caller’s objects', async () => {
      const probe = await client();
      const input = { items: ['a'] };
      expect(await probe.mutate(input)).toEqual({ count: 2 });
      expect(input.items).toEqual(['a']);
    });

    it('applies JSON to results (a Date arrives as its ISO string, nothing as undefined)', async () => {
      const probe = await client();
      expect(await probe.now(null)).toBe('2026-01-01T12:00:00.000Z');
      expect(await probe.nothing(undefined)).toBeUndefined();
    });

    it('preserves an error’s code, message and details', async () => {
      const probe = await client();
      const details = { itemId: 'm1', available: 0, nested: { reasons: ['sold out'] } };
      const error = await probe
        .reject({ code: 'CATALOG.ITEM_SOLD_OUT', details, status: 409 })
        .catch((e) => e);
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({
        code: 'CATALOG.ITEM_SOLD_OUT',
        message: 'rejected with CATALOG.ITEM_SOLD_OUT',
        details,
        status: 409,
      });
    });

    it('preserves a not-found error without details', async () => {
      const probe = await client();
      const error = await probe.reject({ code: CommonErrors.NOT_FOUND }).catch((e) => e);
      expect(error).toMatchObject({
        code: CommonErrors.NOT_FOUND,
        message: `rejected with ${CommonErrors.NOT_FOUND}`,
      });
      expect(error.details).toBeUndefined();
    });

    it('turns an unexpected error into an internal error that reveals nothing', async () => {
      const probe = await client();
      const error = await probe.crash(null).catch((e) => e);
      expect(error).toBeInstanceOf(AppError);
      expect(error.code).toBe(CommonErrors.INTERNAL);
      expect(error.message).not.toContain('hunter2');
    });
  });
}
