import { describe, expect, it } from 'vitest';
import { sequentialIds } from '../../../platform/time/ids.js';
import { callProvider } from '../app/provider-call.js';
import { createSandboxProvider } from './sandbox-provider.js';

const amount = { amount: 500, currency: 'INR' as const };
const sandbox = () => createSandboxProvider({ ids: sequentialIds() });

describe('the sandbox provider', () => {
  it.each([
    ['tok_visa', { outcome: 'AUTHORIZED', card: { brand: 'Visa', last4: '4242' } }],
    ['tok_mastercard', { outcome: 'AUTHORIZED', card: { brand: 'Mastercard', last4: '4444' } }],
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
});
