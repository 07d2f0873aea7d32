/** A stored signing key, as far as the rotation rule is concerned. */
export interface SigningKeyState {
  kid: string;
  createdAt: Date;
  /** Set when a newer key took over; a retired key only verifies. */
  retiredAt: Date | null;
}

export interface KeyRotationPolicy {
  /** A current key older than this is replaced (JWT_KEY_ROTATION_DAYS). */
  rotationDays: number;
  /** The lifetime of an access token (JWT_ACCESS_TTL_SECONDS). */
  accessTtlSeconds: number;
}

export interface KeyRotationPlan {
  /** Make a new current key (none exists, it is due, or a rotation was asked for). */
  createKey: boolean;
  /** Keys that stop signing now (the current one, when a new key is made). */
  retire: string[];
  /** Retired keys that no longer verify and leave the JWKS. */
  drop: string[];
}

const DAY_MS = 86_400_000;

/** The newest key that is not retired: the one that signs. */
export function currentKey<K extends SigningKeyState>(keys: readonly K[]): K | undefined {
  return keys
    .filter((key) => key.retiredAt === null)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
}

/**
 * Whether a key still verifies at `now`. The current key always does. A retired key is kept while it is
 * younger than the rotation period plus the access TTL, and in any case for one access TTL after it was
 * retired, so that no token it signed is ever refused before that token expires, even after a late or
 * early rotation.
 */
export function isPublished(key: SigningKeyState, now: Date, policy: KeyRotationPolicy): boolean {
  if (key.retiredAt === null) return true;
  const ttlMs = policy.accessTtlSeconds * 1000;
  const keepUntil = Math.max(
    key.createdAt.getTime() + policy.rotationDays * DAY_MS + ttlMs,
    key.retiredAt.getTime() + ttlMs,
  );
  return now.getTime() < keepUntil;
}

/** What to change in the key set at `now`; `force` rotates even when the current key is not yet due. */
export function planKeyRotation(
  keys: readonly SigningKeyState[],
  now: Date,
  policy: KeyRotationPolicy,
  force = false,
): KeyRotationPlan {
  const current = currentKey(keys);
  const due =
    current === undefined || now.getTime() - current.createdAt.getTime() >= policy.rotationDays * DAY_MS;
  const createKey = force || due;
  const retire = createKey ? keys.filter((key) => key.retiredAt === null).map((key) => key.kid) : [];
  const drop = keys
    .filter((key) => !retire.includes(key.kid) && !isPublished(key, now, policy))
    .map((key) => key.kid);
  return { createKey, retire, drop };
}
