import { describe, expect, it } from 'vitest';
import { rewriteApiAlias } from './api-alias.js';

describe('rewriteApiAlias', () => {
  it.each([
    ['/api/v1/orders/1?x=2', '/api/orders/1?x=2'],
    ['/api/v1/auth/login', '/auth/login'],
    ['/api/v1/auth?x=1', '/auth?x=1'],
    ['/api/v1/.well-known/jwks.json', '/.well-known/jwks.json'],
    ['/api/v1/authors', '/api/authors'],
    ['/api/v1', '/api'],
    ['/api/v10/orders', '/api/v10/orders'],
    ['/api/orders', '/api/orders'],
    ['/health', '/health'],
  ])('%s → %s', (from, to) => {
    expect(rewriteApiAlias(from)).toBe(to);
  });
});
