import {
  errors,
  exportJWK,
  generateKeyPair,
  importJWK,
  type CryptoKey,
  type JSONWebKeySet,
  type JWK,
} from 'jose';
import type { Clock } from '../../../platform/time/clock.js';
import type { Ids } from '../../../platform/time/ids.js';
import {
  currentKey,
  isPublished,
  planKeyRotation,
  type KeyRotationPolicy,
} from '../domain/signing-key-rotation.js';
import type { AuthStore, SigningKeyRecord } from './ports.js';

export const SIGNING_ALG = 'EdDSA';

interface LoadedKey extends SigningKeyRecord {
  publicKey: CryptoKey;
  privateKey: CryptoKey;
}

/** The signing keys, held in memory and kept in step with auth.signing_keys. */
export interface KeyRing {
  /** The key that signs now; rotates first when the current key is due or there is none. */
  signingKey(): Promise<{ kid: string; privateKey: CryptoKey }>;
  /** The public key for `kid` if it still verifies; throws jose's JWKSNoMatchingKey otherwise. */
  verificationKey(kid: string | undefined): Promise<CryptoKey>;
  /** The public keys that still verify, for /.well-known/jwks.json. */
  jwks(): Promise<JSONWebKeySet>;
  /** Applies the rotation rule (create if none, rotate if due, drop old keys); `force` rotates now. */
  rotate(force: boolean): Promise<{ kid: string }>;
}

/** Another process may rotate: the in-memory copy is re-read at least this often. */
const RELOAD_AFTER_MS = 60_000;
/** An unknown kid (perhaps from a process that just rotated) re-reads at most this often. */
const UNKNOWN_KID_RELOAD_MS = 5_000;

export function createKeyRing(deps: {
  store: AuthStore;
  clock: Clock;
  ids: Ids;
  policy: KeyRotationPolicy;
}): KeyRing {
  const { store, clock, ids, policy } = deps;
  let keys: LoadedKey[] = [];
  let loadedAt = -Infinity;

  async function reload(): Promise<void> {
    const records = await store.listSigningKeys();
    keys = await Promise.all(
      records.map(async (record) => ({
        ...record,
        publicKey: (await importJWK(record.publicJwk, SIGNING_ALG)) as CryptoKey,
        privateKey: (await importJWK(record.privateJwk, SIGNING_ALG)) as CryptoKey,
      })),
    );
    loadedAt = clock.now().getTime();
  }

  async function fresh(): Promise<void> {
    if (clock.now().getTime() - loadedAt >= RELOAD_AFTER_MS) await reload();
  }

  async function rotate(force: boolean): Promise<{ kid: string }> {
    await store.transaction(async (repo) => {
      await repo.lockSigningKeys();
      const now = clock.now();
      const plan = planKeyRotation(await repo.listSigningKeys(), now, policy, force);
      await repo.retireSigningKeys(plan.retire, now);
      await repo.deleteSigningKeys(plan.drop);
      if (plan.createKey) await repo.insertSigningKey(await newKey(ids.next(), now));
    });
    await reload();
    const current = currentKey(keys);
    if (current === undefined) throw new Error('No signing key after rotation');
    return { kid: current.kid };
  }

  function published(now: Date): LoadedKey[] {
    return keys.filter((key) => isPublished(key, now, policy));
  }

  return {
    rotate,

    async signingKey() {
      await fresh();
      const plan = planKeyRotation(keys, clock.now(), policy);
      if (plan.createKey || plan.drop.length > 0) await rotate(false);
      const current = currentKey(keys);
      if (current === undefined) throw new Error('No signing key after rotation');
      return { kid: current.kid, privateKey: current.privateKey };
    },

    async verificationKey(kid) {
      await fresh();
      if (kid !== undefined && !keys.some((key) => key.kid === kid)) {
        if (clock.now().getTime() - loadedAt >= UNKNOWN_KID_RELOAD_MS) await reload();
      }
      const key = published(clock.now()).find((candidate) => candidate.kid === kid);
      if (key === undefined) throw new errors.JWKSNoMatchingKey();
      return key.publicKey;
    },

    async jwks() {
      await fresh();
      return {
        keys: published(clock.now()).map((key) => publicJwk(key.kid, key.publicJwk)),
      };
    },
  };
}

/** Only the public members, whatever the stored JWK holds: a private `d` must never reach the JWKS. */
function publicJwk(kid: string, jwk: JWK): JWK {
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x, kid, alg: SIGNING_ALG, use: 'sig' };
}

async function newKey(kid: string, createdAt: Date): Promise<SigningKeyRecord> {
  const pair = await generateKeyPair('Ed25519', { extractable: true });
  return {
    kid,
    privateJwk: { ...(await exportJWK(pair.privateKey)), kid, alg: SIGNING_ALG },
    publicJwk: publicJwk(kid, await exportJWK(pair.publicKey)),
    createdAt,
    retiredAt: null,
  };
}
