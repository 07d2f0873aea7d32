import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy } from './password-policy.js';

describe('password policy', () => {
  it.each(['sattzabite-demo', 'correct horse battery', 'Tr0ub4dor&3x', 'pässwörter-2026'])(
    'accepts %s',
    (password) => {
      expect(() => checkPasswordPolicy(password)).not.toThrow();
    },
  );

  it.each([
    ['too short', 'abc-123'],
    ['one character class', 'abcdefghijkl'],
    ['only digits', '12345678901'],
    ['one character repeated', 'aaaaaaaaaa1'],
    ['too long', `a1${'x'.repeat(300)}`],
  ])('refuses a password that is %s', (_why, password) => {
    expect(() => checkPasswordPolicy(password)).toThrowCode('AUTH.WEAK_PASSWORD');
  });
});
