import type { SqlExecutor } from '../../../platform/db/sql.js';
import type { Allergen, CategoryView, DietaryTag, ItemSort, Nutrition } from '../contract.js';
import type { MenuItem } from '../domain/menu-item.js';

interface ItemRow {
  id: string;
  restaurant_id: string;
  name: string;
  description: string;
  price_amount: number;
  currency: 'INR';
  categories: string[];
  dietary_tags: string[];
  allergens: string[];
  nutrition: Nutrition;
  available: boolean;
  image_url: string | null;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

const COLUMNS = `id, restaurant_id, name, description, price_amount, currency, categories, dietary_tags,
  allergens, nutrition, available, image_url, created_at, updated_at, deleted_at`;

// Ids reach SQL only in this shape: a malformed id is simply not found, never a cast error mid-transaction.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (id: string): boolean => UUID.test(id);

export interface ItemFilter {
  restaurantId?: string;
  category?: string;
  dietary?: readonly string[];
  available?: boolean;
  sort: ItemSort;
  limit: number;
  offset: number;
}

const ORDER_BY: Record<ItemSort, string> = {
  name: 'name ASC, id ASC',
  '-name': 'name DESC, id DESC',
  price: 'price_amount ASC, id ASC',
  '-price': 'price_amount DESC, id DESC',
  createdAt: 'created_at ASC, id ASC',
  '-createdAt': 'created_at DESC, id DESC',
};

/** The catalog's SQL, on any executor (the Sql itself, or a transaction). Only the `catalog` schema. */
export function catalogRepo(db: SqlExecutor) {
  return {
    async findItem(id: string, options: { forUpdate?: boolean } = {}): Promise<MenuItem | undefined> {
      if (!isUuid(id)) return undefined;
      const { rows } = await db.query<ItemRow>(
        `SELECT ${COLUMNS} FROM catalog.menu_items WHERE id = $1${options.forUpdate ? ' FOR UPDATE' : ''}`,
        [id],
      );
      return rows[0] === undefined ? undefined : toItem(rows[0]);
    },

    /** Items by id, deleted ones included. */
    async findItems(ids: readonly string[]): Promise<MenuItem[]> {
      const wanted = [...new Set(ids.filter(isUuid))];
      if (wanted.length === 0) return [];
      const { rows } = await db.query<ItemRow>(
        `SELECT ${COLUMNS} FROM catalog.menu_items WHERE id = ANY($1::uuid[])`,
        [wanted],
      );
      return rows.map(toItem);
    },

    /** A restaurant's live items, by name. */
    async menuOf(restaurantId: string): Promise<MenuItem[]> {
      const { rows } = await db.query<ItemRow>(
        `SELECT ${COLUMNS} FROM catalog.menu_items
         WHERE restaurant_id = $1 AND deleted_at IS NULL ORDER BY name, id`,
        [restaurantId],
      );
      return rows.map(toItem);
    },

    async listItems(filter: ItemFilter): Promise<{ items: MenuItem[]; total: number }> {
      const params: unknown[] = [];
      const where = ['deleted_at IS NULL'];
      const param = (value: unknown) => {
        params.push(value);
        return `$${params.length}`;
      };
      if (filter.restaurantId !== undefined) where.push(`restaurant_id = ${param(filter.restaurantId)}`);
      if (filter.category !== undefined) where.push(`${param(filter.category)} = ANY(categories)`);
      if (filter.dietary !== undefined && filter.dietary.length > 0) {
        where.push(`dietary_tags @> ${param(filter.dietary)}::text[]`);
      }
      if (filter.available !== undefined) where.push(`available = ${param(filter.available)}`);
      const clause = where.join(' AND ');
      const count = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM catalog.menu_items WHERE ${clause}`,
        params,
      );
      const { rows } = await db.query<ItemRow>(
        `SELECT ${COLUMNS} FROM catalog.menu_items WHERE ${clause}
         ORDER BY ${ORDER_BY[filter.sort]} LIMIT ${param(filter.limit)} OFFSET ${param(filter.offset)}`,
        params,
      );
      return { items: rows.map(toItem), total: count.rows[0]?.n ?? 0 };
    },

    /** Every live category across all restaurants, in order of introduction. */
    async allCategories(): Promise<CategoryView[]> {
      const { rows } = await db.query<CategoryView>(
        `SELECT c.name, count(*)::int AS "itemCount", (count(*) FILTER (WHERE m.available))::int AS "availableCount"
         FROM catalog.menu_items m CROSS JOIN LATERAL unnest(m.categories) AS c(name)
         WHERE m.deleted_at IS NULL
         GROUP BY c.name ORDER BY min(m.created_at), c.name`,
      );
      return rows;
    },

    async insertItem(item: MenuItem): Promise<void> {
      await db.query(
        `INSERT INTO catalog.menu_items (${COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12, $13, $14, $15)`,
        rowParams(item),
      );
    },

    async updateItem(item: MenuItem): Promise<void> {
      await db.query(
        `UPDATE catalog.menu_items SET name = $3, description = $4, price_amount = $5, currency = $6,
           categories = $7, dietary_tags = $8, allergens = $9, nutrition = $10::jsonb, available = $11,
           image_url = $12, created_at = $13, updated_at = $14, deleted_at = $15
         WHERE id = $1 AND restaurant_id = $2`,
        rowParams(item),
      );
    },

    /**
     * Inserts many items in one statement (one JSON parameter, so no bind-parameter limit), skipping ids that
     * already exist; returns the ids actually inserted.
     */
    async insertItemsIgnoringExisting(items: readonly MenuItem[]): Promise<Set<string>> {
      if (items.length === 0) return new Set();
      const rows = items.map((item) => ({
        id: item.id,
        restaurant_id: item.restaurantId,
        name: item.name,
        description: item.description,
        price_amount: item.price.amount,
        currency: item.price.currency,
        categories: item.categories,
        dietary_tags: item.dietaryTags,
        allergens: item.allergens,
        nutrition: item.nutrition,
        available: item.available,
        image_url: item.imageUrl,
        created_at: item.createdAt.toISOString(),
      }));
      const { rows: inserted } = await db.query<{ id: string }>(
        `INSERT INTO catalog.menu_items (${COLUMNS})
         SELECT id, restaurant_id, name, description, price_amount, currency, categories, dietary_tags,
                allergens, nutrition, available, image_url, created_at, created_at, NULL
         FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, restaurant_id uuid, name text, description text,
           price_amount integer, currency text, categories text[], dietary_tags text[], allergens text[],
           nutrition jsonb, available boolean, image_url text, created_at timestamptz)
         ON CONFLICT (id) DO NOTHING
         RETURNING id`,
        [JSON.stringify(rows)],
      );
      return new Set(inserted.map((row) => row.id));
    },
  };
}

export type CatalogRepo = ReturnType<typeof catalogRepo>;

function rowParams(item: MenuItem): unknown[] {
  return [
    item.id,
    item.restaurantId,
    item.name,
    item.description,
    item.price.amount,
    item.price.currency,
    item.categories,
    item.dietaryTags,
    item.allergens,
    JSON.stringify(item.nutrition),
    item.available,
    item.imageUrl,
    item.createdAt,
    item.updatedAt,
    item.deletedAt,
  ];
}

function toItem(row: ItemRow): MenuItem {
  return {
    id: row.id,
    restaurantId: row.restaurant_id,
    name: row.name,
    description: row.description,
    price: { amount: row.price_amount, currency: row.currency },
    categories: row.categories,
    dietaryTags: row.dietary_tags as DietaryTag[],
    allergens: row.allergens as Allergen[],
    nutrition: row.nutrition,
    available: row.available,
    imageUrl: row.image_url,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
  };
}
