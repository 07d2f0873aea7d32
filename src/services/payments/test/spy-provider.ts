import type { PaymentProvider } from '../index.js';

/**
 * Wraps a provider and counts its calls. `hangAuthorize` / `hangCapture` make the first N such calls do
 * their work at the inner provider but never answer, like a provider whose reply was lost after it acted.
 */
export function spyProvider(
  inner: PaymentProvider,
  options: { hangAuthorize?: number; hangCapture?: number } = {},
) {
  const calls = { authorize: 0, capture: 0, refund: 0, void: 0 };
  const hang = { authorize: options.hangAuthorize ?? 0, capture: options.hangCapture ?? 0 };
  const never = new Promise<never>(() => undefined);
  const provider: PaymentProvider = {
    async authorize(input) {
      calls.authorize += 1;
      const answer = await inner.authorize(input);
      if (hang.authorize > 0) {
        hang.authorize -= 1;
        return never;
      }
      return answer;
    },
    async capture(input) {
      calls.capture += 1;
      const answer = await inner.capture(input);
      if (hang.capture > 0) {
        hang.capture -= 1;
        return never;
      }
      return answer;
    },
    async refund(input) {
      calls.refund += 1;
      return inner.refund(input);
    },
    findAuthorization: (input) => inner.findAuthorization(input),
    async voidAuthorization(input) {
      calls.void += 1;
      return inner.voidAuthorization(input);
    },
  };
  return { provider, calls };
}
