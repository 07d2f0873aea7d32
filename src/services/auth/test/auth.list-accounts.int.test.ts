import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import type { ListAccountsInput } from '../contract.js';
import { createTestSql, startAuth, type AuthHarness } from './auth-harness.js';

let sql: PgliteSql;
let h: AuthHarness;
beforeAll(async () => {
  sql = await createTestSql();
});
afterAll(async () => {
  await sql.close();
});
beforeEach(async () => {
  h = await startAuth(sql);
});
afterEach(async () => {
  await h.close();
});

const RESTAURANT = '0190f000-0000-7000-8000-000000000001';
const list = (input: Partial<ListAccountsInput>) =>
  h.auth.client.listAccounts({ page: 0, size: 20, ...input });

describe('AuthClient.listAccounts', () => {
  it('pages accounts oldest first with totals, status and creation time', async () => {
    const ids: string[] = [];
    for (const name of ['a', 'b', 'c', 'd', 'e']) {
      ids.push(await h.account(`${name}@x.test`));
      h.clock.advance(1000);
    }
    const second = await list({ page: 1, size: 2 });
    expect(second).toMatchObject({ page: 1, size: 2, totalElements: 5, totalPages: 3 });
    expect(second.content.map((account) => account.id)).toEqual(ids.slice(2, 4));
    expect(second.content[0]).toMatchObject({
      email: 'c@x.test',
      roles: ['CUSTOMER'],
      disabled: false,
      createdAt: '2026-03-01T10:00:02.000Z',
    });
    expect((await list({ page: 9, size: 2 })).content).toEqual([]);
  });

  it('filters by a part of the email or name, by role (restaurant roles too) and by status', async () => {
    const ann = await h.account('ann@x.test');
    const owner = await h.account('owner@x.test', {
      roles: ['RESTAURANT_ADMIN'],
      restaurantIds: [RESTAURANT],
    });
    await h.account('bob@y.test', { roles: ['SYSTEM_ADMIN'] });
    await h.auth.client.setAccountDisabled({ accountId: ann, disabled: true });

    expect((await list({ q: 'X.TEST' })).totalElements).toBe(2);
    expect((await list({ q: '%' })).totalElements).toBe(0);
    expect((await list({ role: 'RESTAURANT_ADMIN' })).content.map((a) => a.id)).toEqual([owner]);
    const disabled = await list({ disabled: true });
    expect(disabled.content.map((a) => [a.id, a.disabled])).toEqual([[ann, true]]);
    expect((await list({ disabled: false, q: 'x.test' })).content.map((a) => a.id)).toEqual([owner]);
  });

  it('refuses a bad page, size or role', async () => {
    await expect(list({ page: -1 })).rejects.toThrowCode('COMMON.VALIDATION_FAILED');
    await expect(list({ size: 0 })).rejects.toThrowCode('COMMON.VALIDATION_FAILED');
    await expect(list({ size: 101 })).rejects.toThrowCode('COMMON.VALIDATION_FAILED');
    await expect(list({ page: 1.5 })).rejects.toThrowCode('COMMON.VALIDATION_FAILED');
    // @ts-expect-error a remote caller may send any string
    await expect(list({ role: 'KING' })).rejects.toThrowCode('COMMON.VALIDATION_FAILED');
  });
});
