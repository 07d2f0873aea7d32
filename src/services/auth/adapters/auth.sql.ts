import type { JWK } from 'jose';
import { AppError } from '../../../platform/errors/app-error.js';
import { isUniqueViolation } from '../../../platform/db/sql-errors.js';
import type { Sql, SqlExecutor } from '../../../platform/db/sql.js';
import { AuthErrors, type RestaurantRole } from '../contract.js';
import type { RestaurantGrant } from '../domain/account-roles.js';
import type {
  AccountRecord,
  AuthRepo,
  AuthStore,
  RefreshTokenRecord,
  SigningKeyRecord,
} from '../app/ports.js';

interface AccountRow {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  roles: string[];
  disabled: boolean;
  failed_logins: number;
  locked_until: Date | null;
  created_at: Date;
}

const ACCOUNT_COLUMNS =
  'id, email, name, password_hash, roles, disabled, failed_logins, locked_until, created_at';

/** The auth store over the SQL port; every table is in the `auth` schema. */
export function createAuthStore(sql: Sql): AuthStore {
  return { ...repoOn(sql), transaction: (work) => sql.transaction((tx) => work(repoOn(tx))) };
}

function repoOn(db: SqlExecutor): AuthRepo {
  async function grantsOf(accountId: string): Promise<RestaurantGrant[]> {
    const { rows } = await db.query<{ restaurant_id: string; role: RestaurantRole }>(
      `SELECT restaurant_id, role FROM auth.account_restaurants WHERE account_id = $1
       ORDER BY granted_at, restaurant_id, role`,
      [accountId],
    );
    return rows.map((row) => ({ restaurantId: row.restaurant_id, role: row.role }));
  }

  async function toAccount(row: AccountRow | undefined): Promise<AccountRecord | undefined> {
    if (row === undefined) return undefined;
    return {
      id: row.id,
      email: row.email,
      name: row.name,
      passwordHash: row.password_hash,
      roles: row.roles,
      grants: await grantsOf(row.id),
      disabled: row.disabled,
      failedLogins: row.failed_logins,
      lockedUntil: row.locked_until,
      createdAt: row.created_at,
    };
  }

  return {
    async insertAccount(account) {
      try {
        await db.query(
          `INSERT INTO auth.accounts (id, email, name, password_hash, roles, created_at)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [account.id, account.email, account.name, account.passwordHash, account.roles, account.createdAt],
        );
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new AppError(AuthErrors.EMAIL_TAKEN, 'An account with this email already exists.', {
            cause: error,
          });
        }
        throw error;
      }
      for (const grant of account.grants) {
        await db.query(
          `INSERT INTO auth.account_restaurants (account_id, restaurant_id, role, granted_at) VALUES ($1, $2, $3, $4)`,
          [account.id, grant.restaurantId, grant.role, account.createdAt],
        );
      }
    },

    async findAccountByEmail(email) {
      const { rows } = await db.query<AccountRow>(
        `SELECT ${ACCOUNT_COLUMNS} FROM auth.accounts WHERE lower(email) = lower($1)`,
        [email],
      );
      return toAccount(rows[0]);
    },

    async findAccountEmails(ids) {
      const { rows } = await db.query<{ id: string; email: string }>(
        'SELECT id, email FROM auth.accounts WHERE id = ANY($1::uuid[]) ORDER BY id',
        [ids],
      );
      return rows;
    },

    async findAccountById(id, options = {}) {
      const { rows } = await db.query<AccountRow>(
        `SELECT ${ACCOUNT_COLUMNS} FROM auth.accounts WHERE id = $1${options.forUpdate ? ' FOR UPDATE' : ''}`,
        [id],
      );
      return toAccount(rows[0]);
    },

    async listAccounts(filter) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (filter.q !== undefined) {
        params.push(`%${escapeLike(filter.q)}%`);
        where.push(`(email ILIKE $${params.length} OR name ILIKE $${params.length})`);
      }
      if (filter.role !== undefined) {
        params.push(filter.role);
        where.push(
          `($${params.length} = ANY(roles) OR EXISTS (SELECT 1 FROM auth.account_restaurants r
             WHERE r.account_id = accounts.id AND r.role = $${params.length}))`,
        );
      }
      if (filter.disabled !== undefined) {
        params.push(filter.disabled);
        where.push(`disabled = $${params.length}`);
      }
      const condition = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`;
      const counted = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM auth.accounts ${condition}`,
        params,
      );
      const { rows } = await db.query<AccountRow>(
        `SELECT ${ACCOUNT_COLUMNS} FROM auth.accounts ${condition}
         ORDER BY created_at, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, filter.limit, filter.offset],
      );
      const accounts: AccountRecord[] = [];
      for (const row of rows) {
        const account = await toAccount(row);
        if (account !== undefined) accounts.push(account);
      }
      return { accounts, total: counted.rows[0]?.n ?? 0 };
    },

    async updateLoginAttempts(accountId, attempts) {
      await db.query(`UPDATE auth.accounts SET failed_logins = $2, locked_until = $3 WHERE id = $1`, [
        accountId,
        attempts.failedLogins,
        attempts.lockedUntil,
      ]);
    },

    async setDisabled(accountId, disabled) {
      const result = await db.query(`UPDATE auth.accounts SET disabled = $2 WHERE id = $1`, [
        accountId,
        disabled,
      ]);
      return result.rowCount > 0;
    },

    async replaceRestaurantRoles(accountId, restaurantId, roles, at) {
      await db.query(`DELETE FROM auth.account_restaurants WHERE account_id = $1 AND restaurant_id = $2`, [
        accountId,
        restaurantId,
      ]);
      for (const role of new Set(roles)) {
        await db.query(
          `INSERT INTO auth.account_restaurants (account_id, restaurant_id, role, granted_at) VALUES ($1, $2, $3, $4)`,
          [accountId, restaurantId, role, at],
        );
      }
    },

    async insertRefreshToken(token) {
      await db.query(
        `INSERT INTO auth.refresh_tokens (id, token_hash, family_id, account_id, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [token.id, token.tokenHash, token.familyId, token.accountId, token.createdAt, token.expiresAt],
      );
    },

    async findRefreshToken(tokenHash, options = {}) {
      const { rows } = await db.query<{
        id: string;
        family_id: string;
        account_id: string;
        expires_at: Date;
        used_at: Date | null;
        revoked_at: Date | null;
      }>(
        `SELECT id, family_id, account_id, expires_at, used_at, revoked_at
         FROM auth.refresh_tokens WHERE token_hash = $1${options.forUpdate ? ' FOR UPDATE' : ''}`,
        [tokenHash],
      );
      const row = rows[0];
      if (row === undefined) return undefined;
      const record: RefreshTokenRecord = {
        id: row.id,
        familyId: row.family_id,
        accountId: row.account_id,
        expiresAt: row.expires_at,
        usedAt: row.used_at,
        revokedAt: row.revoked_at,
      };
      return record;
    },

    async markRefreshTokenUsed(id, at, replacedBy) {
      await db.query(`UPDATE auth.refresh_tokens SET used_at = $2, replaced_by = $3 WHERE id = $1`, [
        id,
        at,
        replacedBy,
      ]);
    },

    async revokeFamily(familyId, at) {
      await db.query(
        `UPDATE auth.refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL`,
        [familyId, at],
      );
    },

    async revokeAccountTokens(accountId, at) {
      await db.query(
        `UPDATE auth.refresh_tokens SET revoked_at = $2 WHERE account_id = $1 AND revoked_at IS NULL`,
        [accountId, at],
      );
    },

    async listSigningKeys() {
      const { rows } = await db.query<{
        kid: string;
        private_jwk: JWK;
        public_jwk: JWK;
        created_at: Date;
        retired_at: Date | null;
      }>(
        `SELECT kid, private_jwk, public_jwk, created_at, retired_at FROM auth.signing_keys ORDER BY created_at`,
      );
      return rows.map((row): SigningKeyRecord => ({
        kid: row.kid,
        privateJwk: row.private_jwk,
        publicJwk: row.public_jwk,
        createdAt: row.created_at,
        retiredAt: row.retired_at,
      }));
    },

    async lockSigningKeys() {
      // Two processes starting together must not both create a key: the second waits and then sees the first's.
      await db.query(`LOCK TABLE auth.signing_keys IN SHARE ROW EXCLUSIVE MODE`);
    },

    async insertSigningKey(key) {
      await db.query(
        `INSERT INTO auth.signing_keys (kid, private_jwk, public_jwk, created_at, retired_at) VALUES ($1, $2, $3, $4, $5)`,
        [
          key.kid,
          JSON.stringify(key.privateJwk),
          JSON.stringify(key.publicJwk),
          key.createdAt,
          key.retiredAt,
        ],
      );
    },

    async retireSigningKeys(kids, at) {
      if (kids.length === 0) return;
      await db.query(
        `UPDATE auth.signing_keys SET retired_at = $2 WHERE kid = ANY($1::text[]) AND retired_at IS NULL`,
        [kids, at],
      );
    },

    async deleteSigningKeys(kids) {
      if (kids.length === 0) return;
      await db.query(`DELETE FROM auth.signing_keys WHERE kid = ANY($1::text[])`, [kids]);
    },
  };
}

/** `%`, `_` and the backslash in a search are literal characters, not LIKE wildcards. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
