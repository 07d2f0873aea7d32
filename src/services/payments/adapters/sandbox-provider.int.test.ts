import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import { systemClock } from '../../../platform/time/clock.js';
import { sequentialIds, uuidV7Ids } from '../../../platform/time/ids.js';
import { callProvider } from '../app/provider-call.js';
import { createTestSql, startPayments } from '../test/payments-harness.js';
import { createSandboxProvider } from './sandbox-provider.js';

const amount = { amount: 500, currency: 'INR' as const };
let sql: PgliteSql;
const sandbox = (options: { outage?: boolean } = {}) =>
  createSandboxProvider({ sql, ids: uuidV7Ids, clock: systemClock, ...options });

beforeAll(async () => {
  sql = await createTestSql();
});
afterAll(async () => {
  await sql.close();
});
beforeEach(async () => {
  // The payments harness resets and migrates the payments schema, where the sandbox keeps its books.
  await (await startPayments(sql)).close();
});

describe('the sandbox provider', () => {
  it.each([
    ['tok_visa', { outcome: 'AUTHORIZED', card: { brand: 'Visa', last4: '4242' } }],
    ['tok_mastercard', { outcome: 'AUTHORIZED', card: { brand: 'Mastercard', last4: '4444' } }],
    ['tok_captureHangsOnce', { outcome: 'AUTHORIZED', card: { brand: 'Visa', last4: '4242' } }],
    ['tok_chargeDeclined', { outcome: 'DECLINED', code: 'card_declined' }],
    ['tok_chargeDeclinedInsufficientFunds', { outcome: 'DECLINED', code: 'insufficient_funds' }],
    ['tok_nope', { outcome: 'DECLINED', code: 'invalid_token' }],
  ])('answers %s', async (token, expected) => {
    expect(await sandbox().authorize({ idempotencyKey: 'k', amount, token })).toMatchObject(expected);
  });

  it('never answers tok_timeout', async () => {
    const answer = await callProvider(20, () =>
      sandbox().authorize({ idempotencyKey: 'k', amount, token: 'tok_timeout' }),
    );
    expect(answer).toEqual({ kind: 'timeout' });
  });

  it('fails tok_unavailable, and every call during PAYMENTS_SANDBOX_OUTAGE, without deciding anything', async () => {
    await expect(
      sandbox().authorize({ idempotencyKey: 'k', amount, token: 'tok_unavailable' }),
    ).rejects.toThrow(/unavailable/);
    const auth = await sandbox().authorize({ idempotencyKey: 'k2', amount, token: 'tok_visa' });
    if (auth.outcome !== 'AUTHORIZED') throw new Error('expected an authorisation');
    const down = sandbox({ outage: true });
    await expect(down.authorize({ idempotencyKey: 'k3', amount, token: 'tok_visa' })).rejects.toThrow(
      /OUTAGE/,
    );
    await expect(down.capture({ authorizationId: auth.authorizationId, amount })).rejects.toThrow(/OUTAGE/);
    await expect(down.voidAuthorization({ authorizationId: auth.authorizationId })).rejects.toThrow(/OUTAGE/);
    // The outage decided nothing: the hold is still there to capture.
    expect(await sandbox().capture({ authorizationId: auth.authorizationId, amount })).toMatchObject({
      captureId: expect.stringMatching(/^cap_/),
    });
  });

  it('is idempotent by key: the same authorisation, capture and refund come back', async () => {
    const provider = sandbox();
    const first = await provider.authorize({ idempotencyKey: 'k', amount, token: 'tok_visa' });
    expect(await provider.authorize({ idempotencyKey: 'k', amount, token: 'tok_visa' })).toEqual(first);
    expect(await provider.authorize({ idempotencyKey: 'other', amount, token: 'tok_visa' })).not.toEqual(
      first,
    );
    if (first.outcome !== 'AUTHORIZED') throw new Error('expected an authorisation');
    const capture = await provider.capture({ authorizationId: first.authorizationId, amount });
    expect(await provider.capture({ authorizationId: first.authorizationId, amount })).toEqual(capture);
    const refund = await provider.refund({ captureId: capture.captureId, amount, idempotencyKey: 'r' });
    expect(await provider.refund({ captureId: capture.captureId, amount, idempotencyKey: 'r' })).toEqual(
      refund,
    );
    await expect(
      provider.refund({ captureId: capture.captureId, amount, idempotencyKey: 'r2' }),
    ).rejects.toThrow(/already refunded/);
  });

  it('refuses a capture of another amount or of an unknown authorisation', async () => {
    const provider = sandbox();
    const auth = await provider.authorize({ idempotencyKey: 'k', amount, token: 'tok_visa' });
    if (auth.outcome !== 'AUTHORIZED') throw new Error('expected an authorisation');
    await expect(
      provider.capture({ authorizationId: auth.authorizationId, amount: { amount: 501, currency: 'INR' } }),
    ).rejects.toThrow();
    await expect(provider.capture({ authorizationId: 'auth_x', amount })).rejects.toThrow();
  });

  it('tells what an earlier authorise decided, or null when it never arrived', async () => {
    const provider = sandbox();
    const held = await provider.authorize({ idempotencyKey: 'k', amount, token: 'tok_visa' });
    expect(await provider.findAuthorization({ idempotencyKey: 'k' })).toEqual(held);
    expect(await provider.findAuthorization({ idempotencyKey: 'never' })).toBeNull();
    await expect(sandbox({ outage: true }).findAuthorization({ idempotencyKey: 'k' })).rejects.toThrow(
      /OUTAGE/,
    );
  });

  it('voids a hold once (idempotent), after which it cannot be captured', async () => {
    const provider = sandbox();
    const auth = await provider.authorize({ idempotencyKey: 'k', amount, token: 'tok_visa' });
    if (auth.outcome !== 'AUTHORIZED') throw new Error('expected an authorisation');
    const voided = await provider.voidAuthorization({ authorizationId: auth.authorizationId });
    expect(voided).toMatchObject({ outcome: 'VOIDED', voidId: expect.stringMatching(/^void_/) });
    expect(await provider.voidAuthorization({ authorizationId: auth.authorizationId })).toEqual(voided);
    await expect(provider.capture({ authorizationId: auth.authorizationId, amount })).rejects.toThrow(
      /voided/,
    );
  });

  it('answers a void of a captured hold with the capture, to be refunded instead', async () => {
    const provider = sandbox();
    const auth = await provider.authorize({ idempotencyKey: 'k', amount, token: 'tok_visa' });
    if (auth.outcome !== 'AUTHORIZED') throw new Error('expected an authorisation');
    const capture = await provider.capture({ authorizationId: auth.authorizationId, amount });
    expect(await provider.voidAuthorization({ authorizationId: auth.authorizationId })).toEqual({
      outcome: 'ALREADY_CAPTURED',
      captureId: capture.captureId,
    });
  });

  it('tok_captureHangsOnce: the first capture hangs without capturing, the next one captures', async () => {
    const provider = sandbox();
    const auth = await provider.authorize({ idempotencyKey: 'k', amount, token: 'tok_captureHangsOnce' });
    if (auth.outcome !== 'AUTHORIZED') throw new Error('expected an authorisation');
    expect(
      await callProvider(20, () => provider.capture({ authorizationId: auth.authorizationId, amount })),
    ).toEqual({ kind: 'timeout' });
    const { rows } = await sql.query('SELECT capture_id FROM payments.sandbox_authorizations');
    expect(rows).toEqual([{ capture_id: null }]);
    expect(await provider.capture({ authorizationId: auth.authorizationId, amount })).toMatchObject({
      captureId: expect.stringMatching(/^cap_/),
    });
  });

  it('keeps its books across a re-creation over the same database (a payments restart)', async () => {
    const before = createSandboxProvider({ sql, ids: sequentialIds(), clock: systemClock });
    const held = await before.authorize({ idempotencyKey: 'k', amount, token: 'tok_visa' });
    const other = await before.authorize({ idempotencyKey: 'k2', amount, token: 'tok_visa' });
    if (held.outcome !== 'AUTHORIZED' || other.outcome !== 'AUTHORIZED') throw new Error('expected holds');

    const after = sandbox();
    expect(await after.authorize({ idempotencyKey: 'k', amount, token: 'tok_visa' })).toEqual(held);
    const capture = await after.capture({ authorizationId: held.authorizationId, amount });
    expect(await after.voidAuthorization({ authorizationId: other.authorizationId })).toMatchObject({
      outcome: 'VOIDED',
    });
    const again = sandbox();
    expect(await again.capture({ authorizationId: held.authorizationId, amount })).toEqual(capture);
    await expect(again.capture({ authorizationId: other.authorizationId, amount })).rejects.toThrow(/voided/);
  });
});
