import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.js';
import { failureKind } from './failure-kind.js';

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('failure kinds', () => {
  it('calls a dependency that is away transient, also behind a wrapping error', () => {
    expect(failureKind(withCode('ECONNREFUSED'))).toBe('transient');
    expect(failureKind(withCode('57P01', 'terminating connection due to administrator command'))).toBe(
      'transient',
    );
    expect(failureKind(withCode('08006'))).toBe('transient');
    expect(failureKind(new AppError('COMMON.SERVICE_UNAVAILABLE', 'payments is not reachable'))).toBe(
      'transient',
    );
    expect(failureKind(new AppError('PAYMENTS.PROVIDER_UNAVAILABLE', 'provider down'))).toBe('transient');
    expect(failureKind(new AppError('ORDERS.SOMETHING', 'wrapped', { cause: withCode('ECONNRESET') }))).toBe(
      'transient',
    );
  });

  it('calls a programming error poison, and anything else unknown', () => {
    expect(failureKind(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe('poison');
    expect(failureKind(withCode('23505'))).toBe('unknown');
    expect(failureKind(new AppError('ORDERS.INVALID_ORDER_STATE', 'no'))).toBe('unknown');
    expect(failureKind(new Error('something'))).toBe('unknown');
    expect(failureKind('a string')).toBe('unknown');
  });
});
