import type { JWK } from 'jose';
import type { RestaurantGrant } from '../domain/account-roles.js';
import type { LoginAttempts } from '../domain/lockout.js';
import type { RestaurantRole } from '../contract.js';

export interface AccountRecord extends LoginAttempts {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
  /** The account's own roles; restaurant roles are in `grants`. */
  roles: string[];
  grants: RestaurantGrant[];
  disabled: boolean;
  createdAt: Date;
}

export interface NewAccount {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
  roles: string[];
  grants: RestaurantGrant[];
  createdAt: Date;
}

export interface RefreshTokenRecord {
  id: string;
  familyId: string;
  accountId: string;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

export interface NewRefreshToken {
  id: string;
  tokenHash: string;
  familyId: string;
  accountId: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface SigningKeyRecord {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
  createdAt: Date;
  retiredAt: Date | null;
}

/** Which accounts `listAccounts` returns; `q` is matched as a plain substring, never as a pattern. */
export interface AccountFilter {
  q?: string;
  role?: string;
  disabled?: boolean;
  limit: number;
  offset: number;
}

/** The auth service's storage, on one executor (the pool, or one transaction). */
export interface AuthRepo {
  /** Throws `AUTH.EMAIL_TAKEN` when the email (case-insensitive) exists. */
  insertAccount(account: NewAccount): Promise<void>;
  findAccountByEmail(email: string): Promise<AccountRecord | undefined>;
  /** `forUpdate` locks the row until the transaction ends, for read-decide-write rules. */
  findAccountById(id: string, options?: { forUpdate?: boolean }): Promise<AccountRecord | undefined>;
  findAccountEmails(ids: readonly string[]): Promise<Array<{ id: string; email: string }>>;
  /** One page of accounts matching `filter`, oldest first, and how many match in all. */
  listAccounts(filter: AccountFilter): Promise<{ accounts: AccountRecord[]; total: number }>;
  updateLoginAttempts(accountId: string, attempts: LoginAttempts): Promise<void>;
  /** False when there is no such account. */
  setDisabled(accountId: string, disabled: boolean): Promise<boolean>;
  replaceRestaurantRoles(
    accountId: string,
    restaurantId: string,
    roles: RestaurantRole[],
    at: Date,
  ): Promise<void>;

  insertRefreshToken(token: NewRefreshToken): Promise<void>;
  findRefreshToken(
    tokenHash: string,
    options?: { forUpdate?: boolean },
  ): Promise<RefreshTokenRecord | undefined>;
  markRefreshTokenUsed(id: string, at: Date, replacedBy: string): Promise<void>;
  revokeFamily(familyId: string, at: Date): Promise<void>;
  revokeAccountTokens(accountId: string, at: Date): Promise<void>;

  listSigningKeys(): Promise<SigningKeyRecord[]>;
  /** Serialises key rotation across processes until the transaction ends. */
  lockSigningKeys(): Promise<void>;
  insertSigningKey(key: SigningKeyRecord): Promise<void>;
  retireSigningKeys(kids: readonly string[], at: Date): Promise<void>;
  deleteSigningKeys(kids: readonly string[]): Promise<void>;
}

export interface AuthStore extends AuthRepo {
  /** Runs `work` in one transaction; a throw rolls everything back. */
  transaction<T>(work: (repo: AuthRepo) => Promise<T>): Promise<T>;
}
