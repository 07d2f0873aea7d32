import { defineServiceContract } from '../../platform/clients/index.js';
import { Type, type Static } from 'typebox';

/**
 * The auth service's public face: role names, error codes and their HTTP statuses, the route schemas and
 * the client other services call.
 *
 * Access tokens are short-lived on purpose: a token's `roles` and `rid` are a snapshot taken at sign-in or
 * refresh, so a role granted or revoked (or an account disabled) reaches the token only at the next refresh.
 * Keep JWT_ACCESS_TTL_SECONDS short; `GET /auth/me` always answers from the database.
 */

export const Roles = {
  CUSTOMER: 'CUSTOMER',
  RESTAURANT_STAFF: 'RESTAURANT_STAFF',
  RESTAURANT_ADMIN: 'RESTAURANT_ADMIN',
  DELIVERY_PARTNER: 'DELIVERY_PARTNER',
  SYSTEM_ADMIN: 'SYSTEM_ADMIN',
} as const;
export type Role = (typeof Roles)[keyof typeof Roles];
export const ALL_ROLES: readonly Role[] = Object.values(Roles);

/** Roles held at a restaurant: they always come with the restaurant's id (`rid` in the token). */
export const RESTAURANT_ROLES = [Roles.RESTAURANT_STAFF, Roles.RESTAURANT_ADMIN] as const;
export type RestaurantRole = (typeof RESTAURANT_ROLES)[number];

export const AuthErrors = {
  EMAIL_TAKEN: 'AUTH.EMAIL_TAKEN',
  WEAK_PASSWORD: 'AUTH.WEAK_PASSWORD',
  INVALID_ROLES: 'AUTH.INVALID_ROLES',
  /** Wrong password and unknown email give this same answer. */
  INVALID_CREDENTIALS: 'AUTH.INVALID_CREDENTIALS',
  /** Too many consecutive failures; `details.retryAfterSeconds` and a Retry-After header say when to retry. */
  ACCOUNT_LOCKED: 'AUTH.ACCOUNT_LOCKED',
  ACCOUNT_DISABLED: 'AUTH.ACCOUNT_DISABLED',
  ACCOUNT_NOT_FOUND: 'AUTH.ACCOUNT_NOT_FOUND',
  /** Unknown, revoked, or from a family that was revoked. */
  REFRESH_TOKEN_INVALID: 'AUTH.REFRESH_TOKEN_INVALID',
  REFRESH_TOKEN_EXPIRED: 'AUTH.REFRESH_TOKEN_EXPIRED',
  /** A spent refresh token was presented again: its whole family is now revoked. */
  REFRESH_TOKEN_REUSED: 'AUTH.REFRESH_TOKEN_REUSED',
} as const;
export type AuthErrorCode = (typeof AuthErrors)[keyof typeof AuthErrors];

export const authErrorStatuses: Record<AuthErrorCode, number> = {
  [AuthErrors.EMAIL_TAKEN]: 409,
  [AuthErrors.WEAK_PASSWORD]: 400,
  [AuthErrors.INVALID_ROLES]: 400,
  [AuthErrors.INVALID_CREDENTIALS]: 401,
  [AuthErrors.ACCOUNT_LOCKED]: 423,
  [AuthErrors.ACCOUNT_DISABLED]: 403,
  [AuthErrors.ACCOUNT_NOT_FOUND]: 404,
  [AuthErrors.REFRESH_TOKEN_INVALID]: 401,
  [AuthErrors.REFRESH_TOKEN_EXPIRED]: 401,
  [AuthErrors.REFRESH_TOKEN_REUSED]: 401,
};

/** The HTTP-only cookie that carries the refresh token; scoped to /auth so no other route ever sees it. */
export const REFRESH_TOKEN_COOKIE = 'sb_refresh';
export const REFRESH_TOKEN_COOKIE_PATH = '/auth';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

const Email = Type.String({ format: 'email', minLength: 3, maxLength: 254, description: 'an email address' });
const Name = Type.String({ minLength: 1, maxLength: 100 });
const Uuid = Type.String({ format: 'uuid' });

export const RegisterBody = Type.Object(
  {
    email: Email,
    password: Type.String({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH }),
    name: Name,
  },
  { additionalProperties: false },
);
export type RegisterBody = Static<typeof RegisterBody>;

export const LoginBody = Type.Object(
  // No minLength on the password: a login answers every wrong password the same way.
  { email: Email, password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH }) },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

/** The refresh token may come in the body or, for browsers, in the sb_refresh cookie. */
export const RefreshBody = Type.Object(
  { refreshToken: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })) },
  { additionalProperties: false },
);
export type RefreshBody = Static<typeof RefreshBody>;

export const UserView = Type.Object({
  id: Uuid,
  email: Type.String(),
  name: Type.String(),
  roles: Type.Array(Type.String()),
  restaurantIds: Type.Array(Uuid),
});
export type UserView = Static<typeof UserView>;

export const TokenResponse = Type.Object({
  accessToken: Type.String(),
  tokenType: Type.Literal('Bearer'),
  /** Seconds until the access token expires. */
  expiresIn: Type.Integer(),
  refreshToken: Type.String(),
  user: UserView,
});
export type TokenResponse = Static<typeof TokenResponse>;

export const PublicJwk = Type.Object({
  kty: Type.String(),
  crv: Type.String(),
  x: Type.String(),
  kid: Type.String(),
  alg: Type.String(),
  use: Type.String(),
});
export const JwksResponse = Type.Object({ keys: Type.Array(PublicJwk) });
export type JwksResponse = Static<typeof JwksResponse>;

/** Input of `AuthClient.createAccount`: any roles; restaurant roles need at least one restaurant id. */
export interface CreateAccountInput {
  email: string;
  password: string;
  name: string;
  roles: Role[];
  restaurantIds?: string[];
}

/** Input of `AuthClient.listAccounts`. `page` counts from 0; `size` is 1..100. */
export interface ListAccountsInput {
  page: number;
  size: number;
  /** Matches a part of the email or the name, case-insensitively. */
  q?: string;
  /** Accounts holding this role, as an account role or at any restaurant. */
  role?: Role;
  disabled?: boolean;
}

/** An account as administrators list it: the /auth/me view plus its status and creation time (ISO-8601). */
export type AccountSummary = UserView & { disabled: boolean; createdAt: string };

/** One page of accounts, oldest first. */
export interface AccountPage {
  content: AccountSummary[];
  page: number;
  size: number;
  totalElements: number;
  totalPages: number;
}

/** The largest page `listAccounts` serves. */
export const MAX_PAGE_SIZE = 100;

/**
 * What other services (and the composition root's demo seeding) call in-process. Values are plain JSON,
 * so the same interface works over HTTP later.
 */
export interface AuthClient {
  /** Creates an account with any roles; `AUTH.EMAIL_TAKEN`, `AUTH.WEAK_PASSWORD`, `AUTH.INVALID_ROLES`. */
  createAccount(input: CreateAccountInput): Promise<UserView>;
  /** The account as /auth/me shows it; `AUTH.ACCOUNT_NOT_FOUND`. */
  getAccount(accountId: string): Promise<UserView>;
  /** The account with this email (case-insensitive), or null. */
  findAccountByEmail(email: string): Promise<UserView | null>;
  /**
   * The email of each of these accounts (at most MAX_ACCOUNTS_PER_LOOKUP) in one call; an id with no
   * account is left out.
   */
  getAccountEmails(input: { accountIds: string[] }): Promise<{ accounts: AccountEmail[] }>;
  /** A page of accounts, oldest first; `COMMON.VALIDATION_FAILED` for a bad page, size or role. */
  listAccounts(input: ListAccountsInput): Promise<AccountPage>;
  /** Disabling also revokes every refresh token of the account; its access tokens live until they expire. */
  setAccountDisabled(input: { accountId: string; disabled: boolean }): Promise<void>;
  /**
   * Replaces the account's roles at one restaurant: `[]` revokes the restaurant. The restaurants service calls
   * this when staff is added or removed.
   */
  setRestaurantRoles(input: {
    accountId: string;
    restaurantId: string;
    roles: RestaurantRole[];
  }): Promise<UserView>;
  /** Makes a new current signing key now; the previous one stays published until its tokens have expired. */
  rotateSigningKeys(): Promise<{ kid: string }>;
}

/** An account's id and email, as `getAccountEmails` answers them. */
export interface AccountEmail {
  id: string;
  email: string;
}

/** How many accounts one `getAccountEmails` call may name. */
export const MAX_ACCOUNTS_PER_LOOKUP = 200;

/** The auth service's operations for other services, and which of them are safe to retry. */
export const authContract = defineServiceContract<AuthOperations>('auth', {
  createAccount: { idempotent: false },
  getAccount: { idempotent: true },
  findAccountByEmail: { idempotent: true },
  getAccountEmails: { idempotent: true },
  listAccounts: { idempotent: true },
  setAccountDisabled: { idempotent: true },
  setRestaurantRoles: { idempotent: true },
  rotateSigningKeys: { idempotent: false },
});

/** `AuthClient` as a record of operations, the shape the client transports take. */
export type AuthOperations = { [K in keyof AuthClient]: AuthClient[K] };
