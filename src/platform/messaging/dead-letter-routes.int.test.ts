import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSql } from '../../../test/support/test-sql.js';
import { loadConfig } from '../config/load-config.js';
import { migrate } from '../db/migrate.js';
import type { PgliteSql } from '../db/pglite-sql.js';
import { AppError } from '../errors/app-error.js';
import { createHttpApp } from '../http/create-http-app.js';
import type { HttpApp } from '../http/http-app.js';
import type { TokenVerifier } from '../http/principal.js';
import { silentLogger } from '../observability/logger.js';
import { createConsumer, type Consumer } from './consumer-runner.js';
import { deadLetterRoutes } from './dead-letter-routes.js';
import { createInProcessBus } from './in-process-bus.js';
import { messagingMigrations } from './messaging-migrations.js';
import { testEvent, uniqueName } from './messaging-test-kit.js';

const verifier: TokenVerifier = {
  async verify(token) {
    const [role = '', userId = ''] = token.split(':');
    if (userId === '') throw new AppError('TOKEN.INVALID', 'The access token is not valid.');
    return { userId, roles: [role], restaurantIds: [], tokenId: `jti-${token}` };
  },
};
const ADMIN = 'SYSTEM_ADMIN:ops-1';
const CUSTOMER = 'CUSTOMER:asha';

let sql: PgliteSql;
let app: HttpApp;
let consumer: Consumer;
let schema: string;
/** Events whose handler fails while their id is in this set. */
const failing = new Set<string>();
const applied: string[] = [];

beforeAll(async () => {
  sql = await createTestSql();
  schema = uniqueName('dlq');
  await migrate(sql, messagingMigrations(schema), silentLogger());
  consumer = createConsumer({
    sql,
    schema,
    bus: createInProcessBus({ log: silentLogger() }),
    name: `${schema}.worker`,
    types: ['Thing'],
    maxAttempts: 1,
    log: silentLogger(),
    handle: async (event) => {
      if (failing.has(event.id)) throw new Error('the handler is still broken');
      applied.push(event.id);
    },
  });
  app = await createHttpApp({
    config: loadConfig({}),
    log: silentLogger(),
    verifier,
    openapi: { title: 'test', version: '0' },
  });
  await app.register(
    deadLetterRoutes({ sql, role: 'SYSTEM_ADMIN', sources: [{ schema, consumers: [consumer] }] }),
  );
});
afterAll(async () => {
  await app.close();
  await sql.close();
});

async function deadLetterOf(): Promise<{ id: string; eventId: string }> {
  const event = testEvent('Thing', 'thing-1');
  failing.add(event.id);
  expect(await consumer.deliver(event)).toBe('dead-lettered');
  const listed = await app.inject({
    method: 'GET',
    url: '/api/admin/dlq',
    headers: { authorization: `Bearer ${ADMIN}` },
  });
  const letter = listed
    .json<{ content: Array<{ id: string; eventId: string }> }>()
    .content.find((l) => l.eventId === event.id);
  if (letter === undefined) throw new Error('the dead letter is not listed');
  return letter;
}

describe('the dead-letter queue over HTTP', () => {
  it('lists, shows and redrives a letter once its handler works again', async () => {
    const letter = await deadLetterOf();
    expect(letter.id).toMatch(new RegExp(`^${schema}:\\d+$`));
    const shown = await app.inject({
      method: 'GET',
      url: `/api/admin/dlq/${letter.id}`,
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect(shown.json()).toMatchObject({
      eventType: 'Thing',
      attempts: 1,
      error: expect.stringContaining('still broken'),
    });

    failing.delete(letter.eventId);
    const redriven = await app.inject({
      method: 'POST',
      url: `/api/admin/dlq/${letter.id}/redrive`,
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect(redriven.statusCode).toBe(200);
    expect(redriven.json<{ redrivenAt: string | null }>().redrivenAt).not.toBeNull();
    expect(applied).toContain(letter.eventId);

    const again = await app.inject({
      method: 'POST',
      url: `/api/admin/dlq/${letter.id}/redrive`,
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect([again.statusCode, again.json<{ code: string }>().code]).toEqual([409, 'COMMON.CONFLICT']);
    const waiting = await app.inject({
      method: 'GET',
      url: '/api/admin/dlq',
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect(waiting.json<{ content: Array<{ id: string }> }>().content.map((l) => l.id)).not.toContain(
      letter.id,
    );
  });

  it('keeps a letter waiting, with the new error, when the redrive fails again', async () => {
    const letter = await deadLetterOf();
    const failed = await app.inject({
      method: 'POST',
      url: `/api/admin/dlq/${letter.id}/redrive`,
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect([failed.statusCode, failed.json<{ code: string }>().code]).toEqual([409, 'EVENTS.REDRIVE_FAILED']);
    const shown = await app.inject({
      method: 'GET',
      url: `/api/admin/dlq/${letter.id}`,
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect(shown.json()).toMatchObject({ attempts: 2, redrivenAt: null });
    expect(applied).not.toContain(letter.eventId);
  });

  it('is for operators only and answers unknown or malformed ids clearly', async () => {
    const anonymous = await app.inject({ method: 'GET', url: '/api/admin/dlq' });
    expect(anonymous.statusCode).toBe(401);
    const customer = await app.inject({
      method: 'GET',
      url: '/api/admin/dlq',
      headers: { authorization: `Bearer ${CUSTOMER}` },
    });
    expect(customer.statusCode).toBe(403);
    const unknown = await app.inject({
      method: 'POST',
      url: `/api/admin/dlq/${schema}:999999/redrive`,
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect([unknown.statusCode, unknown.json<{ code: string }>().code]).toEqual([
      404,
      'EVENTS.DEAD_LETTER_NOT_FOUND',
    ]);
    const otherSchema = await app.inject({
      method: 'GET',
      url: '/api/admin/dlq/elsewhere:1',
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect(otherSchema.statusCode).toBe(404);
    const malformed = await app.inject({
      method: 'GET',
      url: '/api/admin/dlq/not-an-id',
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect([malformed.statusCode, malformed.json<{ code: string }>().code]).toEqual([
      400,
      'COMMON.VALIDATION_FAILED',
    ]);
  });
});
