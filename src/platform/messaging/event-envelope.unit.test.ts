import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../time/clock.js';
import { sequentialIds } from '../time/ids.js';
import { exponentialBackoff } from './event-bus.js';
import { causedBy, createEvent } from './event-envelope.js';
import { createEventSchemaRegistry } from './event-schema-registry.js';
import { MessagingErrors } from './messaging-errors.js';
import { messagingMigrations } from './messaging-migrations.js';

const deps = () => ({ clock: manualClock('2026-03-01T10:00:00.000Z'), ids: sequentialIds() });

describe('event envelope', () => {
  it('starts a flow with its own id as correlation and no cause', () => {
    const event = createEvent(deps(), {
      type: 'OrderCreated',
      source: 'orders',
      subject: 'o-1',
      data: { n: 1 },
    });
    expect(event).toEqual({
      id: '00000000-0000-7000-8000-000000000001',
      type: 'OrderCreated',
      version: 1,
      source: 'orders',
      subject: 'o-1',
      time: '2026-03-01T10:00:00.000Z',
      correlationId: '00000000-0000-7000-8000-000000000001',
      causationId: null,
      data: { n: 1 },
    });
  });

  it('joins the flow of the event that caused it', () => {
    const d = deps();
    const cause = createEvent(d, { type: 'OrderCreated', source: 'orders', subject: 'o-1', data: {} });
    const effect = createEvent(d, {
      type: 'PaymentProcessed',
      version: 2,
      source: 'payments',
      subject: 'p-1',
      data: {},
      cause: causedBy(cause),
    });
    expect(effect).toMatchObject({ version: 2, correlationId: cause.id, causationId: cause.id });
  });
});

describe('event schema registry', () => {
  const registry = createEventSchemaRegistry().register(
    'OrderCreated',
    1,
    Type.Object({ total: Type.Integer() }),
  );
  const event = (type: string, version: number, data: unknown) =>
    createEvent(deps(), { type, version, source: 'orders', subject: 'o-1', data });

  it('accepts data that matches the schema of its type and version', () => {
    expect(() => registry.validate(event('OrderCreated', 1, { total: 5 }))).not.toThrow();
  });

  it('refuses invalid data, an unknown type and an unknown version', () => {
    expect(() => registry.validate(event('OrderCreated', 1, { total: 'x' }))).toThrowCode(
      MessagingErrors.INVALID_EVENT,
    );
    expect(() => registry.validate(event('OrderShipped', 1, {}))).toThrowCode(MessagingErrors.INVALID_EVENT);
    expect(() => registry.validate(event('OrderCreated', 2, { total: 5 }))).toThrowCode(
      MessagingErrors.INVALID_EVENT,
    );
  });
});

describe('messaging migrations and backoff', () => {
  it('versions the tables under <schema>:messaging and refuses unsafe schema names', () => {
    const migrations = messagingMigrations('orders');
    expect(new Set(migrations.map((m) => m.service))).toEqual(new Set(['orders:messaging']));
    expect(migrations.map((m) => m.version)).toEqual([1, 2]);
    expect(() => messagingMigrations('orders; drop table x')).toThrow();
  });

  it('grows the backoff exponentially up to its ceiling', () => {
    const backoff = exponentialBackoff({ initialMs: 100, maxMs: 1000 });
    expect([1, 2, 3, 4, 5].map(backoff)).toEqual([100, 200, 400, 800, 1000]);
  });
});
