import { randomBytes } from 'node:crypto';
import { hash, verify, type Options } from '@node-rs/argon2';
import type { PasswordHasher } from '../app/password-hasher.js';

/** Argon2 cost parameters; tests pass cheap ones, production uses the defaults. */
export interface Argon2Cost {
  /** KiB of memory per hash. */
  memoryCost: number;
  /** Passes over the memory. */
  timeCost: number;
  parallelism: number;
}

/** OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane), also the library's defaults: ~100 ms here. */
export const DEFAULT_ARGON2_COST: Argon2Cost = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

// Algorithm.Argon2id: the package declares its enum `const`, which isolatedModules cannot read across files.
const ARGON2ID = 2;

export function createArgon2Hasher(cost: Argon2Cost = DEFAULT_ARGON2_COST): PasswordHasher {
  const options: Options = { ...cost, algorithm: ARGON2ID };
  let dummy: Promise<string> | undefined;
  // Made lazily from random bytes, with the same cost, so checking against it takes as long as a real check.
  const dummyHash = () => (dummy ??= hash(randomBytes(32).toString('base64url'), options));

  return {
    hash: (password) => hash(password, options),
    async verify(stored, password) {
      if (stored === undefined) {
        await verify(await dummyHash(), password);
        return false;
      }
      try {
        return await verify(stored, password);
      } catch {
        // A malformed stored hash must not let anyone in, nor turn a login into a 500 that tells it apart.
        return false;
      }
    },
  };
}
