import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import { usersContract, type AddressView } from '../index.js';
import { anAddress, createTestSql, startUsers, type UsersHarness } from './users-harness.js';

let sql: PgliteSql;
let h: UsersHarness;
beforeAll(async () => {
  sql = await createTestSql();
});
afterAll(async () => {
  await sql.close();
});
beforeEach(async () => {
  h = await startUsers(sql);
});
afterEach(async () => {
  await h.close();
});

const UNKNOWN = '0190f000-0000-7000-8000-00000000abcd';

describe('UsersClient', () => {
  it('declares every operation as safe to retry', () => {
    expect(usersContract.service).toBe('users');
    expect(Object.values(usersContract.operations).every((policy) => policy.idempotent)).toBe(true);
  });

  it('getProfile makes the profile on first use and refuses unknown users', async () => {
    const ann = await h.user({ email: 'ann@x.test' });
    expect(await h.users.client.getProfile({ userId: ann.id })).toMatchObject({
      id: ann.id,
      email: 'ann@x.test',
    });
    await expect(h.users.client.getProfile({ userId: UNKNOWN })).rejects.toThrowCode('USERS.USER_NOT_FOUND');
    await expect(h.users.client.getProfile({ userId: 'nope' })).rejects.toThrowCode('USERS.USER_NOT_FOUND');
  });

  it("getAddress and getDefaultAddress resolve only the user's own addresses", async () => {
    const ann = await h.user();
    const bob = await h.user();
    const { client } = h.users;
    expect(await client.getDefaultAddress({ userId: ann.id })).toBeNull();
    const add = async (label: string, isDefault: boolean) =>
      (
        await h.request({
          method: 'POST',
          url: '/api/users/me/addresses',
          token: ann.token,
          payload: anAddress({ label, isDefault }),
        })
      ).json<AddressView>();
    const home = await add('Home', false);
    const work = await add('Work', true);

    expect(await client.getAddress({ userId: ann.id, addressId: home.id })).toEqual({
      ...home,
      isDefault: false,
    });
    expect((await client.getDefaultAddress({ userId: ann.id }))?.id).toBe(work.id);
    await expect(client.getAddress({ userId: bob.id, addressId: home.id })).rejects.toThrowCode(
      'USERS.ADDRESS_NOT_FOUND',
    );
    await expect(client.getAddress({ userId: ann.id, addressId: 'not-a-uuid' })).rejects.toThrowCode(
      'USERS.ADDRESS_NOT_FOUND',
    );
    expect(await client.getDefaultAddress({ userId: bob.id })).toBeNull();
  });

  it('getPreferences gives the stored set or the defaults', async () => {
    const ann = await h.user();
    const defaults = await h.users.client.getPreferences({ userId: ann.id });
    expect(defaults.notificationChannels.ORDER_UPDATES).toEqual({ inApp: true, email: true, sms: false });
    await h.request({
      method: 'PUT',
      url: '/api/users/me/preferences',
      token: ann.token,
      payload: { ...defaults, cuisines: ['Thai'] },
    });
    expect((await h.users.client.getPreferences({ userId: ann.id })).cuisines).toEqual(['Thai']);
    await expect(h.users.client.getPreferences({ userId: 'nope' })).rejects.toThrowCode(
      'USERS.USER_NOT_FOUND',
    );
  });

  it('getNotificationChannels answers many users in one call: stored choices, defaults, bad ids left out', async () => {
    const [ann, bob] = [await h.user(), await h.user()];
    const defaults = await h.users.client.getPreferences({ userId: ann.id });
    const smsToo = {
      ...defaults.notificationChannels,
      ORDER_UPDATES: { inApp: true, email: false, sms: true },
    };
    await h.request({
      method: 'PUT',
      url: '/api/users/me/preferences',
      token: ann.token,
      payload: { ...defaults, notificationChannels: smsToo },
    });
    const { channels } = await h.users.client.getNotificationChannels({
      userIds: [ann.id, bob.id, ann.id, 'not-a-user'],
    });
    expect(channels).toEqual([
      { userId: ann.id, notificationChannels: smsToo },
      { userId: bob.id, notificationChannels: defaults.notificationChannels },
    ]);
    await expect(
      h.users.client.getNotificationChannels({ userIds: Array.from({ length: 201 }, () => ann.id) }),
    ).rejects.toThrowCode('COMMON.VALIDATION_FAILED');
  });

  it('getContacts answers many users in one call: email from auth, phone from the profile, unknowns left out', async () => {
    const [ann, bob] = [await h.user(), await h.user()];
    await h.request({
      method: 'PATCH',
      url: '/api/users/me',
      token: ann.token,
      payload: { phone: '+91 98765 43210' },
    });
    const annProfile = await h.users.client.getProfile({ userId: ann.id });
    const bobProfile = await h.users.client.getProfile({ userId: bob.id });
    const { contacts } = await h.users.client.getContacts({
      userIds: [ann.id, bob.id, ann.id, crypto.randomUUID(), 'not-a-user'],
    });
    expect(contacts).toHaveLength(2);
    expect(contacts).toEqual(
      expect.arrayContaining([
        { userId: ann.id, email: annProfile.email, phone: annProfile.phone },
        { userId: bob.id, email: bobProfile.email, phone: null },
      ]),
    );
    expect(annProfile.phone).not.toBeNull();
    await expect(
      h.users.client.getContacts({ userIds: Array.from({ length: 201 }, () => ann.id) }),
    ).rejects.toThrowCode('COMMON.VALIDATION_FAILED');
  });

  it('answers in plain JSON, as a remote transport would carry it', async () => {
    const ann = await h.user();
    const profile = await h.users.client.getProfile({ userId: ann.id });
    expect(JSON.parse(JSON.stringify(profile))).toEqual(profile);
  });
});
