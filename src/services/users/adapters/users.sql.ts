import type { Sql, SqlExecutor } from '../../../platform/db/sql.js';
import type { NotificationChannels, PreferencesView } from '../contract.js';
import type {
  AddressRecord,
  ProfileRecord,
  StatusChangeRecord,
  UsersRepo,
  UsersStore,
} from '../app/ports.js';

interface AddressRow {
  id: string;
  user_id: string;
  label: string;
  line1: string;
  line2: string | null;
  city: string;
  postcode: string;
  latitude: number;
  longitude: number;
  instructions: string | null;
  is_default: boolean;
  created_at: Date;
  updated_at: Date;
}

const ADDRESS_COLUMNS =
  'id, user_id, label, line1, line2, city, postcode, latitude, longitude, instructions, is_default, created_at, updated_at';

/** The users store over the SQL port; every table is in the `users` schema. */
export function createUsersStore(sql: Sql): UsersStore {
  return { ...repoOn(sql), transaction: (work) => sql.transaction((tx) => work(repoOn(tx), tx)) };
}

function repoOn(db: SqlExecutor): UsersRepo {
  async function oneAddress(where: string, params: unknown[]): Promise<AddressRecord | undefined> {
    const { rows } = await db.query<AddressRow>(
      `SELECT ${ADDRESS_COLUMNS} FROM users.addresses WHERE ${where}`,
      params,
    );
    return rows[0] === undefined ? undefined : toAddress(rows[0]);
  }

  return {
    async findPhones(userIds) {
      const { rows } = await db.query<{ user_id: string; phone: string }>(
        'SELECT user_id, phone FROM users.profiles WHERE user_id = ANY($1::uuid[]) AND phone IS NOT NULL',
        [userIds],
      );
      return new Map(rows.map((row) => [row.user_id, row.phone]));
    },

    async findProfile(userId) {
      const { rows } = await db.query<{
        user_id: string;
        name: string;
        phone: string | null;
        created_at: Date;
        updated_at: Date;
      }>(`SELECT user_id, name, phone, created_at, updated_at FROM users.profiles WHERE user_id = $1`, [
        userId,
      ]);
      const row = rows[0];
      if (row === undefined) return undefined;
      const profile: ProfileRecord = {
        userId: row.user_id,
        name: row.name,
        phone: row.phone,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
      };
      return profile;
    },

    async insertProfileIfMissing(profile) {
      await db.query(
        `INSERT INTO users.profiles (user_id, name, phone, created_at, updated_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (user_id) DO NOTHING`,
        [profile.userId, profile.name, profile.phone, profile.createdAt, profile.updatedAt],
      );
    },

    async updateProfile(userId, changes, at) {
      // COALESCE cannot tell "leave the phone" from "clear it", hence the explicit flag.
      await db.query(
        `UPDATE users.profiles
         SET name = COALESCE($2, name), phone = CASE WHEN $3 THEN $4 ELSE phone END, updated_at = $5
         WHERE user_id = $1`,
        [userId, changes.name ?? null, changes.phone !== undefined, changes.phone ?? null, at],
      );
    },

    async lockUser(userId, purpose) {
      await db.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`users.${purpose}:${userId}`]);
    },

    async listAddresses(userId) {
      const { rows } = await db.query<AddressRow>(
        `SELECT ${ADDRESS_COLUMNS} FROM users.addresses WHERE user_id = $1
         ORDER BY is_default DESC, created_at DESC, id DESC`,
        [userId],
      );
      return rows.map(toAddress);
    },

    async countAddresses(userId) {
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM users.addresses WHERE user_id = $1`,
        [userId],
      );
      return rows[0]?.n ?? 0;
    },

    findAddress: (userId, addressId) => oneAddress('user_id = $1 AND id = $2', [userId, addressId]),
    findDefaultAddress: (userId) => oneAddress('user_id = $1 AND is_default', [userId]),

    async insertAddress(a) {
      await db.query(
        `INSERT INTO users.addresses (${ADDRESS_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
        [
          a.id,
          a.userId,
          a.label,
          a.line1,
          a.line2,
          a.city,
          a.postcode,
          a.latitude,
          a.longitude,
          a.instructions,
          a.isDefault,
          a.createdAt,
          a.updatedAt,
        ],
      );
    },

    async updateAddress(a) {
      await db.query(
        `UPDATE users.addresses SET label = $3, line1 = $4, line2 = $5, city = $6, postcode = $7, latitude = $8,
           longitude = $9, instructions = $10, is_default = $11, updated_at = $12
         WHERE user_id = $1 AND id = $2`,
        [
          a.userId,
          a.id,
          a.label,
          a.line1,
          a.line2,
          a.city,
          a.postcode,
          a.latitude,
          a.longitude,
          a.instructions,
          a.isDefault,
          a.updatedAt,
        ],
      );
    },

    async unsetDefault(userId, at) {
      await db.query(
        `UPDATE users.addresses SET is_default = false, updated_at = $2 WHERE user_id = $1 AND is_default`,
        [userId, at],
      );
    },

    async setDefault(userId, addressId, at) {
      await db.query(
        `UPDATE users.addresses SET is_default = true, updated_at = $3 WHERE user_id = $1 AND id = $2`,
        [userId, addressId, at],
      );
    },

    async deleteAddress(userId, addressId) {
      const result = await db.query(`DELETE FROM users.addresses WHERE user_id = $1 AND id = $2`, [
        userId,
        addressId,
      ]);
      return result.rowCount > 0;
    },

    async findPreferences(userId) {
      const { rows } = await db.query<{
        cuisines: string[];
        dietary_restrictions: PreferencesView['dietaryRestrictions'];
        notification_channels: NotificationChannels;
      }>(
        `SELECT cuisines, dietary_restrictions, notification_channels FROM users.preferences WHERE user_id = $1`,
        [userId],
      );
      const row = rows[0];
      if (row === undefined) return undefined;
      return {
        cuisines: row.cuisines,
        dietaryRestrictions: row.dietary_restrictions,
        notificationChannels: row.notification_channels,
      };
    },

    async findNotificationChannels(userIds) {
      if (userIds.length === 0) return new Map();
      const { rows } = await db.query<{ user_id: string; notification_channels: NotificationChannels }>(
        `SELECT user_id, notification_channels FROM users.preferences WHERE user_id = ANY($1::uuid[])`,
        [userIds],
      );
      return new Map(rows.map((row) => [row.user_id, row.notification_channels]));
    },

    async savePreferences(userId, preferences, at) {
      await db.query(
        `INSERT INTO users.preferences (user_id, cuisines, dietary_restrictions, notification_channels, updated_at)
         VALUES ($1, $2, $3, $4::jsonb, $5)
         ON CONFLICT (user_id) DO UPDATE SET cuisines = EXCLUDED.cuisines,
           dietary_restrictions = EXCLUDED.dietary_restrictions,
           notification_channels = EXCLUDED.notification_channels, updated_at = EXCLUDED.updated_at`,
        [
          userId,
          preferences.cuisines,
          preferences.dietaryRestrictions,
          JSON.stringify(preferences.notificationChannels),
          at,
        ],
      );
    },

    async insertStatusChange(change) {
      await db.query(
        `INSERT INTO users.status_changes (id, user_id, disabled, reason, changed_by, changed_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [change.id, change.userId, change.disabled, change.reason, change.changedBy, change.changedAt],
      );
    },

    async lastStatusChange(userId) {
      const { rows } = await db.query<{
        id: string;
        user_id: string;
        disabled: boolean;
        reason: string | null;
        changed_by: string;
        changed_at: Date;
      }>(
        `SELECT id, user_id, disabled, reason, changed_by, changed_at FROM users.status_changes
         WHERE user_id = $1 ORDER BY changed_at DESC, id DESC LIMIT 1`,
        [userId],
      );
      const row = rows[0];
      if (row === undefined) return undefined;
      const change: StatusChangeRecord = {
        id: row.id,
        userId: row.user_id,
        disabled: row.disabled,
        reason: row.reason,
        changedBy: row.changed_by,
        changedAt: row.changed_at,
      };
      return change;
    },
  };
}

function toAddress(row: AddressRow): AddressRecord {
  return {
    id: row.id,
    userId: row.user_id,
    label: row.label,
    line1: row.line1,
    line2: row.line2,
    city: row.city,
    postcode: row.postcode,
    // float8 arrives as a number from both adapters; Number() guards a driver that sends text.
    latitude: Number(row.latitude),
    longitude: Number(row.longitude),
    instructions: row.instructions,
    isDefault: row.is_default,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
