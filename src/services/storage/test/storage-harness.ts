import type { LightMyRequestResponse } from 'fastify';
import { startTestPlatform, type TestPlatform } from '../../../../test/support/platform-harness.js';
import type { BlobStore } from '../../../platform/blob/index.js';
import { breakingBody } from '../../../platform/blob/blob-bodies.test-support.js';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import type { Sql, SqlTransaction } from '../../../platform/db/sql.js';
import { AppError } from '../../../platform/errors/app-error.js';
import type { ServiceModule } from '../../../platform/runtime/service-module.js';
import type { MenuItemView } from '../../catalog/index.js';
import {
  createStorageService,
  storageErrorStatuses,
  type FilePurpose,
  type MenuItemsLookup,
  type RestaurantsLookup,
  type StorageClient,
} from '../index.js';
import { multipartForm, type FormPart } from './multipart-form.js';

export { createTestSql } from '../../../../test/support/test-sql.js';

export const RESTAURANT_A = '0190a000-0000-7000-8000-00000000000a';
export const RESTAURANT_B = '0190a000-0000-7000-8000-00000000000b';
export const ITEM_A = '0190a000-0000-7000-8000-0000000000a1';
export const ITEM_B = '0190a000-0000-7000-8000-0000000000b1';
export const DELETED_ITEM_A = '0190a000-0000-7000-8000-0000000000a2';
export const UNKNOWN_ID = '0190a000-0000-7000-8000-0000000000ff';

/** A blob store under test, and what it holds underneath. */
export interface BlobFixture {
  store: BlobStore;
  /**
   * Everything stored, as keys relative to the store's root: leftovers (temp files) included, and for a
   * directory anything written outside the root as `../…`, so an escape shows up.
   */
  keys(): Promise<string[]>;
  /** Removes every blob between tests. */
  clear(): Promise<void>;
  close(): Promise<void>;
}

export interface StorageHarness extends TestPlatform {
  storage: ServiceModule<StorageClient>;
  blob: BlobFixture;
  tokens: {
    customer: string;
    courier: string;
    staffA: string;
    adminA: string;
    staffB: string;
    admin: string;
  };
  ids: { customer: string; staffA: string };
  /** How many times the fake catalog and restaurants services were asked. */
  lookups(): { catalog: number; restaurants: number };
  upload(token: string | undefined, parts: FormPart[]): Promise<LightMyRequestResponse>;
  /** The usual form: purpose, ownerId (when given), then the file. */
  uploadImage(
    token: string | undefined,
    form: {
      purpose: FilePurpose;
      ownerId?: string;
      bytes: Uint8Array;
      filename?: string;
      contentType?: string;
    },
  ): Promise<LightMyRequestResponse>;
  rows(): Promise<number>;
  /** The next blob write fails half-way through its bytes; resolves with the key it was writing. */
  failNextBlobWrite(): Promise<string>;
  /** The next file row is inserted, then its transaction fails before committing. */
  failNextRowInsert(): void;
  reset(): Promise<void>;
}

/** The storage service on a clean `storage` schema, with fake catalog and restaurants and one user per role. */
export async function startStorage(sql: PgliteSql, blob: BlobFixture): Promise<StorageHarness> {
  const counts = { catalog: 0, restaurants: 0 };
  const faults = { blobWrite: undefined as ((key: string) => void) | undefined, rowInsert: false };

  const platform = await startTestPlatform(sql, {
    build: async (deps) => [
      await createStorageService({
        ...deps,
        sql: failingInserts(deps.sql, () => {
          const fail = faults.rowInsert;
          faults.rowInsert = false;
          return fail;
        }),
        blob: failingWrites(blob.store, (key) => {
          const report = faults.blobWrite;
          faults.blobWrite = undefined;
          report?.(key);
          return report !== undefined;
        }),
        catalog: fakeCatalog(() => (counts.catalog += 1)),
        restaurants: fakeRestaurants(() => (counts.restaurants += 1)),
      }),
    ],
    errorStatuses: storageErrorStatuses,
    schemas: ['storage'],
  });
  const storage = platform.modules[0] as ServiceModule<StorageClient>;
  const customer = await platform.user({ roles: ['CUSTOMER'] });
  const staffA = await platform.user({ roles: ['RESTAURANT_STAFF'], restaurantIds: [RESTAURANT_A] });
  const token = async (options: Parameters<TestPlatform['user']>[0]) => (await platform.user(options)).token;
  const tokens = {
    customer: customer.token,
    courier: await token({ roles: ['DELIVERY_PARTNER'] }),
    staffA: staffA.token,
    adminA: await token({ roles: ['RESTAURANT_ADMIN'], restaurantIds: [RESTAURANT_A] }),
    staffB: await token({ roles: ['RESTAURANT_STAFF'], restaurantIds: [RESTAURANT_B] }),
    admin: await token({ roles: ['SYSTEM_ADMIN'] }),
  };

  const upload = (as: string | undefined, parts: FormPart[]) => {
    const { payload, headers } = multipartForm(parts);
    return platform.app.inject({
      method: 'POST',
      url: '/api/storage/upload',
      headers: { ...headers, ...(as === undefined ? {} : { authorization: `Bearer ${as}` }) },
      payload,
    });
  };

  return {
    ...platform,
    storage,
    blob,
    tokens,
    ids: { customer: customer.id, staffA: staffA.id },
    lookups: () => ({ ...counts }),
    upload,
    uploadImage(as, form) {
      return upload(as, [
        { name: 'purpose', value: form.purpose },
        ...(form.ownerId === undefined ? [] : [{ name: 'ownerId', value: form.ownerId }]),
        {
          name: 'file',
          bytes: form.bytes,
          filename: form.filename ?? 'photo.png',
          contentType: form.contentType ?? 'image/png',
        },
      ]);
    },
    async rows() {
      const { rows } = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM storage.files');
      return rows[0]?.n ?? 0;
    },
    failNextBlobWrite() {
      return new Promise((resolve) => (faults.blobWrite = resolve));
    },
    failNextRowInsert() {
      faults.rowInsert = true;
    },
    async reset() {
      faults.blobWrite = undefined;
      faults.rowInsert = false;
      counts.catalog = 0;
      counts.restaurants = 0;
      await sql.exec('TRUNCATE storage.files');
      await platform.deps.cache.invalidatePrefix('storage:');
      await blob.clear();
    },
  };
}

/** The store, except that a write `shouldFail` says so for gets a body that breaks half-way through. */
function failingWrites(store: BlobStore, shouldFail: (key: string) => boolean): BlobStore {
  return {
    kind: store.kind,
    put: (key, body, options) =>
      body instanceof Uint8Array && shouldFail(key)
        ? store.put(key, breakingBody(body), { ...options, contentLength: body.byteLength })
        : store.put(key, body, options),
    get: (key) => store.get(key),
    head: (key) => store.head(key),
    delete: (key) => store.delete(key),
    ping: () => store.ping(),
    close: () => store.close(),
  };
}

/**
 * The database, except that when `shouldFail()` says so a file row is inserted and its transaction then
 * fails before committing, as a lost connection or a failed commit would.
 */
function failingInserts(sql: Sql, shouldFail: () => boolean): Sql {
  const wrap = (tx: SqlTransaction): SqlTransaction => ({
    exec: (script) => tx.exec(script),
    afterCommit: (callback) => tx.afterCommit(callback),
    async query<Row>(text: string, params?: readonly unknown[]) {
      const result = await tx.query<Row>(text, params);
      if (/INSERT INTO storage\.files/.test(text) && shouldFail()) {
        throw new Error('connection lost after the insert');
      }
      return result;
    },
  });
  return {
    dialect: sql.dialect,
    query: (text, params) => sql.query(text, params),
    transaction: (work) => sql.transaction((tx) => work(wrap(tx))),
    exec: (script) => sql.exec(script),
    ping: () => sql.ping(),
    close: () => sql.close(),
  };
}

function fakeCatalog(count: () => void): MenuItemsLookup {
  const items = new Map<string, MenuItemView>([
    [ITEM_A, menuItem(ITEM_A, RESTAURANT_A, false)],
    [ITEM_B, menuItem(ITEM_B, RESTAURANT_B, false)],
    [DELETED_ITEM_A, menuItem(DELETED_ITEM_A, RESTAURANT_A, true)],
  ]);
  return {
    async getItems({ ids }) {
      count();
      return { items: ids.flatMap((id) => items.get(id) ?? []) };
    },
  };
}

function fakeRestaurants(count: () => void): RestaurantsLookup {
  return {
    async getRestaurant({ id }) {
      count();
      if (id !== RESTAURANT_A && id !== RESTAURANT_B) {
        throw new AppError('RESTAURANTS.NOT_FOUND', 'No such restaurant.');
      }
      return { id };
    },
  };
}

function menuItem(id: string, restaurantId: string, deleted: boolean): MenuItemView {
  return {
    id,
    restaurantId,
    name: 'Masala Dosa',
    description: '',
    price: { amount: 12_000, currency: 'INR' },
    categories: ['Mains'],
    dietaryTags: ['VEGETARIAN'],
    allergens: [],
    nutrition: {},
    available: true,
    imageUrl: null,
    deleted,
    createdAt: '2026-03-01T09:00:00.000Z',
    updatedAt: '2026-03-01T09:00:00.000Z',
  };
}

export function errorCode(response: LightMyRequestResponse): string {
  return response.json<{ code: string }>().code;
}
