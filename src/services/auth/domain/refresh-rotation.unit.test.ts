import { describe, expect, it } from 'vitest';
import { decideRefresh, type RefreshTokenState } from './refresh-rotation.js';

const now = new Date('2026-01-01T12:00:00Z');
const later = new Date(now.getTime() + 60_000);
const earlier = new Date(now.getTime() - 60_000);
const token = (overrides: Partial<RefreshTokenState> = {}): RefreshTokenState => ({
  expiresAt: later,
  usedAt: null,
  revokedAt: null,
  ...overrides,
});

describe('refresh token rotation', () => {
  it('given a live unused token, rotates it', () => {
    expect(decideRefresh(token(), now)).toEqual({ kind: 'rotate' });
  });

  it('given no stored token, refuses it as invalid', () => {
    const decision = decideRefresh(undefined, now);
    expect(decision.kind).toBe('refuse');
    expect(decision.kind !== 'rotate' && decision.error).toThrowCode('AUTH.REFRESH_TOKEN_INVALID');
  });

  it('given a spent token, revokes the family and reports reuse', () => {
    const decision = decideRefresh(token({ usedAt: earlier }), now);
    expect(decision.kind).toBe('revoke-family');
    expect(decision.kind !== 'rotate' && decision.error).toThrowCode('AUTH.REFRESH_TOKEN_REUSED');
  });

  it('given a spent token that has also expired and been revoked, still treats it as reuse', () => {
    const decision = decideRefresh(token({ usedAt: earlier, revokedAt: earlier, expiresAt: earlier }), now);
    expect(decision.kind).toBe('revoke-family');
  });

  it('given a revoked unused token (its family was signed out), refuses it as invalid', () => {
    const decision = decideRefresh(token({ revokedAt: earlier }), now);
    expect(decision.kind).toBe('refuse');
    expect(decision.kind !== 'rotate' && decision.error).toThrowCode('AUTH.REFRESH_TOKEN_INVALID');
  });

  it('given an expired token, refuses it as expired, from the very instant of expiry', () => {
    const decision = decideRefresh(token({ expiresAt: now }), now);
    expect(decision.kind).toBe('refuse');
    expect(decision.kind !== 'rotate' && decision.error).toThrowCode('AUTH.REFRESH_TOKEN_EXPIRED');
  });
});
