import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { migrate, resetSchemas } from '../../../platform/db/migrate.js';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import type { Consumer, EventEnvelope } from '../../../platform/messaging/index.js';
import {
  createServiceMessaging,
  type ServiceMessaging,
} from '../../../platform/runtime/service-messaging.js';
import type { PreferencesView, UserPreferenceUpdatedV1 } from '../index.js';
import { createTestSql, startUsers, type UsersHarness } from './users-harness.js';

let sql: PgliteSql;
let h: UsersHarness;
let ann: { id: string; token: string };
let probe: ServiceMessaging;
let consumer: Consumer;

beforeAll(async () => {
  sql = await createTestSql();
});
afterAll(async () => {
  await sql.close();
});
beforeEach(async () => {
  h = await startUsers(sql);
  ann = await h.user();
  // A stand-in for a downstream service (recommendations): it counts the preference events it applies.
  await resetSchemas(sql, ['prefs_probe']);
  probe = createServiceMessaging({
    service: 'prefs_probe',
    sql,
    bus: h.bus,
    registry: h.deps.events,
    clock: h.clock,
    ids: h.deps.ids,
    log: h.deps.log,
  });
  await migrate(sql, [
    ...probe.migrations,
    {
      service: 'prefs_probe',
      version: 1,
      name: 'effects',
      sql: 'CREATE SCHEMA IF NOT EXISTS prefs_probe; CREATE TABLE prefs_probe.effects (user_id text NOT NULL, cuisines text[] NOT NULL)',
    },
  ]);
  consumer = probe.consume('count', ['UserPreferenceUpdated'], async (event, tx) => {
    const data = event.data as UserPreferenceUpdatedV1;
    await tx.query('INSERT INTO prefs_probe.effects (user_id, cuisines) VALUES ($1, $2)', [
      data.userId,
      data.cuisines,
    ]);
  });
  await probe.start();
});
afterEach(async () => {
  await probe.stop();
  await h.close();
});

const URL = '/api/users/me/preferences';
const DEFAULTS: PreferencesView = {
  cuisines: [],
  dietaryRestrictions: [],
  notificationChannels: {
    ORDER_UPDATES: { inApp: true, email: true, sms: false },
    PROMOTIONS: { inApp: true, email: false, sms: false },
    ACCOUNT: { inApp: true, email: false, sms: false },
    RESTAURANT_UPDATES: { inApp: true, email: false, sms: false },
  },
};
const CHOSEN: PreferencesView = {
  cuisines: [' South Indian', 'Chinese', 'south indian'],
  dietaryRestrictions: ['VEGAN', 'JAIN', 'VEGAN'],
  notificationChannels: {
    ...DEFAULTS.notificationChannels,
    PROMOTIONS: { inApp: false, email: false, sms: true },
  },
};

const put = (payload: unknown, token = ann.token) => h.request({ method: 'PUT', url: URL, token, payload });
const outbox = async () =>
  (
    await sql.query<{ event: EventEnvelope<UserPreferenceUpdatedV1> }>(
      'SELECT event FROM users.outbox ORDER BY id',
    )
  ).rows.map((row) => row.event);
const effects = async () => (await sql.query('SELECT * FROM prefs_probe.effects')).rows;

describe('GET /api/users/me/preferences', () => {
  it('gives the defaults until the user chooses: in-app on, email for order updates, no SMS', async () => {
    const response = await h.request({ method: 'GET', url: URL, token: ann.token });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(DEFAULTS);
    expect((await h.request({ method: 'GET', url: URL })).statusCode).toBe(401);
  });
});

describe('PUT /api/users/me/preferences', () => {
  it('stores the normalized set and publishes UserPreferenceUpdated once, delivered once', async () => {
    const response = await put(CHOSEN);
    expect(response.statusCode).toBe(200);
    const expected: PreferencesView = {
      cuisines: ['South Indian', 'Chinese'],
      dietaryRestrictions: ['VEGAN', 'JAIN'],
      notificationChannels: CHOSEN.notificationChannels,
    };
    expect(response.json()).toEqual(expected);
    expect((await h.request({ method: 'GET', url: URL, token: ann.token })).json()).toEqual(expected);

    const events = await outbox();
    expect(events).toHaveLength(1);
    const event = events[0]!;
    expect(event).toMatchObject({
      type: 'UserPreferenceUpdated',
      version: 1,
      source: 'users',
      subject: ann.id,
      data: { userId: ann.id, ...expected },
    });

    await consumer.whenProcessed(event.id);
    expect(await effects()).toEqual([{ user_id: ann.id, cuisines: ['South Indian', 'Chinese'] }]);
    // Redelivered (the bus is at-least-once): the inbox makes it a no-op.
    expect(await consumer.deliver(event)).toBe('duplicate');
    expect(await consumer.deliver(event, 2)).toBe('duplicate');
    expect(await effects()).toHaveLength(1);
  });

  it('publishes nothing when nothing changed: same choices, other whitespace, repeats or order of restrictions', async () => {
    expect((await put(DEFAULTS)).statusCode).toBe(200);
    expect(await outbox()).toEqual([]);
    await put(CHOSEN);
    await put({
      ...CHOSEN,
      cuisines: ['South Indian ', 'Chinese', 'CHINESE'],
      dietaryRestrictions: ['JAIN', 'VEGAN'],
    });
    expect(await outbox()).toHaveLength(1);
    await put(DEFAULTS);
    const events = await outbox();
    expect(events).toHaveLength(2);
    expect(events[1]?.data).toEqual({ userId: ann.id, ...DEFAULTS });
  });

  it.each([
    ['an unknown restriction', { ...DEFAULTS, dietaryRestrictions: ['CARNIVORE'] }],
    [
      'a missing notification kind',
      { ...DEFAULTS, notificationChannels: { ORDER_UPDATES: DEFAULTS.notificationChannels.ORDER_UPDATES } },
    ],
    [
      'a missing channel',
      { ...DEFAULTS, notificationChannels: { ...DEFAULTS.notificationChannels, ACCOUNT: { inApp: true } } },
    ],
    [
      'a channel that is not a boolean',
      {
        ...DEFAULTS,
        notificationChannels: {
          ...DEFAULTS.notificationChannels,
          ACCOUNT: { inApp: 'sure', email: true, sms: false },
        },
      },
    ],
    ['no cuisines', { dietaryRestrictions: [], notificationChannels: DEFAULTS.notificationChannels }],
    ['a cuisine of 51 characters', { ...DEFAULTS, cuisines: ['x'.repeat(51)] }],
    ['31 cuisines', { ...DEFAULTS, cuisines: Array.from({ length: 31 }, (_, i) => `cuisine ${i}`) }],
  ])('refuses %s with 400, storing and publishing nothing', async (_what, payload) => {
    await put(CHOSEN);
    const response = await put(payload);
    expect(response.statusCode).toBe(400);
    expect(await outbox()).toHaveLength(1);
    expect((await h.request({ method: 'GET', url: URL, token: ann.token })).json().cuisines).toEqual([
      'South Indian',
      'Chinese',
    ]);
  });

  it("keeps users' preferences apart and each event names its user", async () => {
    const bob = await h.user();
    await put(CHOSEN, bob.token);
    expect((await h.request({ method: 'GET', url: URL, token: ann.token })).json()).toEqual(DEFAULTS);
    expect((await outbox()).map((event) => event.subject)).toEqual([bob.id]);
  });
});
