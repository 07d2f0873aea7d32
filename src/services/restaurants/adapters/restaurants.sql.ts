import type { Sql, SqlExecutor } from '../../../platform/db/sql.js';
import type { RestaurantStatus, StaffMember, StaffRole } from '../contract.js';
import type { FullWeeklyHours } from '../domain/opening-hours.js';
import type { RestaurantRecord, RestaurantsRepo, RestaurantsStore } from '../app/ports.js';
import { reviewsRepoOn } from './reviews.sql.js';
import { searchCandidates, searchPage } from './restaurants-search.sql.js';

interface RestaurantRow {
  id: string;
  name: string;
  description: string;
  cuisines: string[];
  address_line1: string;
  city: string;
  postcode: string;
  latitude: number;
  longitude: number;
  phone: string;
  email: string;
  image_urls: string[];
  delivery_radius_km: number;
  average_preparation_minutes: number;
  time_zone: string;
  hours: FullWeeklyHours;
  rating_average: number;
  rating_count: number;
  status: RestaurantStatus;
  open: boolean;
  status_reason: string | null;
  applicant_id: string | null;
  created_at: Date;
  updated_at: Date;
}

/** Column order of inserts; `toParams` follows it. */
const COLUMNS = [
  'id',
  'name',
  'description',
  'cuisines',
  'address_line1',
  'city',
  'postcode',
  'latitude',
  'longitude',
  'phone',
  'email',
  'image_urls',
  'delivery_radius_km',
  'average_preparation_minutes',
  'time_zone',
  'hours',
  'rating_average',
  'rating_count',
  'status',
  'open',
  'status_reason',
  'applicant_id',
  'created_at',
  'updated_at',
] as const;
const SELECT = COLUMNS.join(', ');
const COLUMN_TYPES: Record<(typeof COLUMNS)[number], string> = {
  id: 'uuid',
  name: 'text',
  description: 'text',
  cuisines: 'text[]',
  address_line1: 'text',
  city: 'text',
  postcode: 'text',
  latitude: 'float8',
  longitude: 'float8',
  phone: 'text',
  email: 'text',
  image_urls: 'text[]',
  delivery_radius_km: 'float8',
  average_preparation_minutes: 'integer',
  time_zone: 'text',
  hours: 'jsonb',
  rating_average: 'float8',
  rating_count: 'integer',
  status: 'text',
  open: 'boolean',
  status_reason: 'text',
  applicant_id: 'uuid',
  created_at: 'timestamptz',
  updated_at: 'timestamptz',
};
const INSERT_BATCH = 1000;
/** The column types for jsonb_to_recordset, in COLUMNS order. */
const RECORDSET_TYPES = COLUMNS.map((column) => `${column} ${COLUMN_TYPES[column]}`).join(', ');

function toParams(r: RestaurantRecord): unknown[] {
  return [
    r.id,
    r.name,
    r.description,
    r.cuisines,
    r.address.line1,
    r.address.city,
    r.address.postcode,
    r.address.latitude,
    r.address.longitude,
    r.contact.phone,
    r.contact.email,
    r.imageUrls,
    r.deliveryRadiusKm,
    r.averagePreparationMinutes,
    r.timeZone,
    JSON.stringify(r.hours),
    r.rating.average,
    r.rating.count,
    r.status,
    r.open,
    r.statusReason,
    r.applicantId,
    r.createdAt,
    r.updatedAt,
  ];
}

/** A record as one object of a jsonb_to_recordset batch: the hours stay an object (jsonb, not a string). */
function toRecordsetRow(record: RestaurantRecord): Record<string, unknown> {
  const params = toParams(record);
  const row = Object.fromEntries(COLUMNS.map((column, i) => [column, params[i]]));
  return { ...row, hours: record.hours };
}

function toRecord(row: RestaurantRow): RestaurantRecord {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    cuisines: row.cuisines,
    address: {
      line1: row.address_line1,
      city: row.city,
      postcode: row.postcode,
      latitude: row.latitude,
      longitude: row.longitude,
    },
    contact: { phone: row.phone, email: row.email },
    imageUrls: row.image_urls,
    deliveryRadiusKm: row.delivery_radius_km,
    averagePreparationMinutes: row.average_preparation_minutes,
    timeZone: row.time_zone,
    hours: row.hours,
    rating: { average: row.rating_average, count: row.rating_count },
    status: row.status,
    open: row.open,
    statusReason: row.status_reason,
    applicantId: row.applicant_id,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function insertStatement(count: number): string {
  const rows = Array.from({ length: count }, (_, r) => {
    const base = r * COLUMNS.length;
    const cells = COLUMNS.map((column, c) => `$${base + c + 1}${column === 'hours' ? '::jsonb' : ''}`);
    return `(${cells.join(', ')})`;
  });
  return `INSERT INTO restaurants.restaurants (${SELECT}) VALUES ${rows.join(', ')}`;
}

/** The restaurants store over the SQL port; every table is in the `restaurants` schema. */
export function createRestaurantsStore(sql: Sql): RestaurantsStore {
  return {
    ...repoOn(sql),
    transaction: (work) => sql.transaction((tx) => work(repoOn(tx), tx)),
    search: (filter, page) => searchPage(sql, filter, page),
    searchCandidates: (filter) => searchCandidates(sql, filter),
  };
}

function repoOn(db: SqlExecutor): RestaurantsRepo {
  return {
    ...reviewsRepoOn(db),

    async findById(id, options = {}) {
      const { rows } = await db.query<RestaurantRow>(
        `SELECT ${SELECT} FROM restaurants.restaurants WHERE id = $1${options.forUpdate ? ' FOR UPDATE' : ''}`,
        [id],
      );
      return rows[0] === undefined ? undefined : toRecord(rows[0]);
    },

    async findByIds(ids) {
      if (ids.length === 0) return [];
      const { rows } = await db.query<RestaurantRow>(
        `SELECT ${SELECT} FROM restaurants.restaurants WHERE id = ANY($1::uuid[])`,
        [ids],
      );
      return rows.map(toRecord);
    },

    async insert(record) {
      await db.query(insertStatement(1), toParams(record));
    },

    async update(r) {
      await db.query(
        `UPDATE restaurants.restaurants SET name = $2, description = $3, cuisines = $4, address_line1 = $5,
           city = $6, postcode = $7, latitude = $8, longitude = $9, phone = $10, email = $11, image_urls = $12,
           delivery_radius_km = $13, average_preparation_minutes = $14, time_zone = $15, hours = $16::jsonb,
           rating_average = $17, rating_count = $18, status = $19, open = $20, status_reason = $21,
           applicant_id = $22, updated_at = $23
         WHERE id = $1`,
        // created_at never changes: every column but it, in insert order.
        toParams(r).filter((_value, index) => COLUMNS[index] !== 'created_at'),
      );
    },

    async insertMany(records) {
      const created: string[] = [];
      for (let at = 0; at < records.length; at += INSERT_BATCH) {
        const batch = records.slice(at, at + INSERT_BATCH).map(toRecordsetRow);
        // One JSON parameter per batch: binding 24 parameters a row costs twice as much on PGlite.
        const { rows } = await db.query<{ id: string }>(
          `INSERT INTO restaurants.restaurants (${SELECT})
           SELECT ${SELECT} FROM jsonb_to_recordset($1::jsonb) AS r(${RECORDSET_TYPES})
           ON CONFLICT (id) DO NOTHING RETURNING id`,
          [JSON.stringify(batch)],
        );
        created.push(...rows.map((row) => row.id));
      }
      return created;
    },

    async membership(restaurantId, accountId) {
      const { rows } = await db.query<{ role: StaffRole; revoked_at: Date | null }>(
        `SELECT role, revoked_at FROM restaurants.staff WHERE restaurant_id = $1 AND account_id = $2`,
        [restaurantId, accountId],
      );
      const row = rows[0];
      return row === undefined ? undefined : { role: row.role, revoked: row.revoked_at !== null };
    },

    async listStaff(restaurantId) {
      const { rows } = await db.query<{
        account_id: string;
        email: string;
        name: string;
        role: StaffRole;
        granted_at: Date;
      }>(
        `SELECT account_id, email, name, role, granted_at FROM restaurants.staff
         WHERE restaurant_id = $1 AND revoked_at IS NULL ORDER BY granted_at, account_id`,
        [restaurantId],
      );
      return rows.map((row): StaffMember => ({
        accountId: row.account_id,
        email: row.email,
        name: row.name,
        role: row.role,
        grantedAt: row.granted_at.toISOString(),
      }));
    },

    async saveStaff(restaurantId, member) {
      await db.query(
        `INSERT INTO restaurants.staff (restaurant_id, account_id, email, name, role, granted_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (restaurant_id, account_id) DO UPDATE
           SET email = EXCLUDED.email, name = EXCLUDED.name, role = EXCLUDED.role,
               granted_at = EXCLUDED.granted_at, revoked_at = NULL`,
        [restaurantId, member.accountId, member.email, member.name, member.role, member.grantedAt],
      );
    },

    async revokeStaff(restaurantId, account, at) {
      // A member granted outside this service (the demo seed) gets a revoked row too: the revocation must
      // outweigh the restaurant id still in their token. The role of a revoked row means nothing.
      await db.query(
        `INSERT INTO restaurants.staff (restaurant_id, account_id, email, name, role, granted_at, revoked_at)
         VALUES ($1, $2, $3, $4, 'RESTAURANT_STAFF', $5, $5)
         ON CONFLICT (restaurant_id, account_id) DO UPDATE SET revoked_at = EXCLUDED.revoked_at`,
        [restaurantId, account.accountId, account.email, account.name, at],
      );
    },
  };
}
