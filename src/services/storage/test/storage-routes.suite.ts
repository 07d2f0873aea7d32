import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import type { FileView } from '../index.js';
import {
  ELF_EXECUTABLE,
  GIF_1X1,
  JPEG_1X1,
  PE_EXECUTABLE,
  PNG_1X1,
  SHELL_SCRIPT,
  SVG_WITH_SCRIPT,
  WEBP_1X1,
  pngOfSize,
} from './image-fixtures.js';
import {
  DELETED_ITEM_A,
  ITEM_A,
  ITEM_B,
  RESTAURANT_A,
  UNKNOWN_ID,
  createTestSql,
  errorCode,
  startStorage,
  type BlobFixture,
  type StorageHarness,
} from './storage-harness.js';

/** The default UPLOAD_MAX_BYTES: 5 MiB. */
const LIMIT = 5 * 1024 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * The storage routes end to end (multipart in, bytes out) on one blob adapter. Run once per adapter:
 * the local directory and S3-compatible storage.
 */
export function storageRouteSuite(name: string, makeBlob: () => Promise<BlobFixture>): void {
  describe(`storage routes on ${name}`, () => {
    let sql: PgliteSql;
    let h: StorageHarness;
    beforeAll(async () => {
      sql = await createTestSql();
      h = await startStorage(sql, await makeBlob());
    });
    afterAll(async () => {
      await h?.close();
      await h?.blob.close();
      await sql?.close();
    });
    beforeEach(async () => {
      await h.reset();
    });

    /** Nothing was stored: no row and no blob (temp files and escapes included). */
    async function expectNothingStored() {
      expect(await h.rows()).toBe(0);
      expect(await h.blob.keys()).toEqual([]);
    }

    const getFile = (id: string, headers: Record<string, string> = {}) =>
      h.request({ method: 'GET', url: `/api/storage/files/${id}`, headers });

    describe('uploading', () => {
      it('stores a PNG for its restaurant’s staff and serves the same bytes back to anyone', async () => {
        const response = await h.uploadImage(h.tokens.staffA, {
          purpose: 'RESTAURANT_IMAGE',
          ownerId: RESTAURANT_A,
          bytes: PNG_1X1,
          filename: 'front.png',
        });
        expect(response.statusCode).toBe(201);
        const file = response.json<FileView>();
        expect(file).toEqual({
          id: expect.stringMatching(UUID),
          url: `/api/storage/files/${file.id}`,
          contentType: 'image/png',
          size: PNG_1X1.byteLength,
          etag: `"${Buffer.from(sha256(PNG_1X1), 'hex').toString('base64url')}"`,
          originalName: 'front.png',
          purpose: 'RESTAURANT_IMAGE',
          ownerId: RESTAURANT_A,
          uploadedBy: h.ids.staffA,
          createdAt: '2026-03-02T09:00:00.000Z',
        });
        expect(response.headers.location).toBe(file.url);
        expect(await h.rows()).toBe(1);
        expect(await h.blob.keys()).toEqual([`restaurant-image/${file.id}.png`]);

        const served = await h.request({ method: 'GET', url: file.url });
        expect(served.statusCode).toBe(200);
        expect(served.rawPayload.equals(PNG_1X1)).toBe(true);
        expect(served.headers['content-type']).toBe('image/png');
      });

      it.each([
        ['JPEG', JPEG_1X1, 'image/jpeg', 'jpg'],
        ['WebP', WEBP_1X1, 'image/webp', 'webp'],
      ])('stores a %s menu item image under a generated .%s name', async (_label, bytes, type, ext) => {
        const response = await h.uploadImage(h.tokens.adminA, {
          purpose: 'MENU_ITEM_IMAGE',
          ownerId: ITEM_A,
          bytes,
          filename: 'dish.bin',
          contentType: 'application/octet-stream',
        });
        expect(response.statusCode).toBe(201);
        const file = response.json<FileView>();
        expect([file.contentType, file.size, file.ownerId]).toEqual([type, bytes.byteLength, ITEM_A]);
        expect(await h.blob.keys()).toEqual([`menu-item-image/${file.id}.${ext}`]);
        const served = await h.request({ method: 'GET', url: file.url });
        expect(served.headers['content-type']).toBe(type);
        expect(served.rawPayload.equals(bytes)).toBe(true);
      });

      it('accepts a PNG named .exe and declared as a program: the bytes decide, the name is only metadata', async () => {
        const response = await h.uploadImage(h.tokens.staffA, {
          purpose: 'RESTAURANT_IMAGE',
          ownerId: RESTAURANT_A,
          bytes: PNG_1X1,
          filename: 'setup.exe',
          contentType: 'application/x-msdownload',
        });
        expect(response.statusCode).toBe(201);
        const file = response.json<FileView>();
        expect([file.contentType, file.originalName]).toEqual(['image/png', 'setup.exe']);
        expect(await h.blob.keys()).toEqual([`restaurant-image/${file.id}.png`]);
        const served = await h.request({ method: 'GET', url: file.url });
        expect(served.headers['content-type']).toBe('image/png');
      });

      it.each([
        ['an ELF executable', ELF_EXECUTABLE],
        ['a Windows PE executable', PE_EXECUTABLE],
        ['a shell script', SHELL_SCRIPT],
        ['a GIF (an image, but not an accepted one)', GIF_1X1],
        ['an SVG carrying a script', SVG_WITH_SCRIPT],
      ])('refuses %s named .png and declared image/png with 415, storing nothing', async (_label, bytes) => {
        const response = await h.uploadImage(h.tokens.staffA, {
          purpose: 'RESTAURANT_IMAGE',
          ownerId: RESTAURANT_A,
          bytes,
          filename: 'logo.png',
          contentType: 'image/png',
        });
        expect([response.statusCode, errorCode(response)]).toEqual([415, 'STORAGE.UNSUPPORTED_TYPE']);
        await expectNothingStored();
      });

      it('accepts a file of exactly the limit, and refuses one byte more with 413, storing nothing', async () => {
        const atLimit = await h.uploadImage(h.tokens.staffA, {
          purpose: 'RESTAURANT_IMAGE',
          ownerId: RESTAURANT_A,
          bytes: pngOfSize(LIMIT),
        });
        expect(atLimit.statusCode).toBe(201);
        expect(atLimit.json<FileView>().size).toBe(LIMIT);
        await h.reset();

        const over = await h.uploadImage(h.tokens.staffA, {
          purpose: 'RESTAURANT_IMAGE',
          ownerId: RESTAURANT_A,
          bytes: pngOfSize(LIMIT + 1),
        });
        expect([over.statusCode, errorCode(over)]).toEqual([413, 'STORAGE.FILE_TOO_LARGE']);
        expect(over.json<{ details: unknown }>().details).toEqual({ maxBytes: LIMIT });
        await expectNothingStored();
      });

      it.each([
        ['../../etc/passwd.png', 'passwd.png'],
        ['..\\..\\..\\Windows\\System32\\evil.png', 'evil.png'],
        ['/etc/cron.d/job.png', 'job.png'],
      ])('stores %j under a generated key inside the store, keeping %j as metadata', async (name, kept) => {
        const response = await h.uploadImage(h.tokens.staffA, {
          purpose: 'RESTAURANT_IMAGE',
          ownerId: RESTAURANT_A,
          bytes: PNG_1X1,
          filename: name,
        });
        expect(response.statusCode).toBe(201);
        const file = response.json<FileView>();
        expect(file.originalName).toBe(kept);
        // Exactly one blob, named by the id: nothing outside the root, nothing named after the client's path.
        expect(await h.blob.keys()).toEqual([`restaurant-image/${file.id}.png`]);
      });

      it('keeps no control or direction-override characters of a name, and at most 200 characters', async () => {
        const response = await h.uploadImage(h.tokens.staffA, {
          purpose: 'RESTAURANT_IMAGE',
          ownerId: RESTAURANT_A,
          bytes: PNG_1X1,
          filename: `menu\u202egnp.exe${'x'.repeat(300)}`,
        });
        expect(response.statusCode).toBe(201);
        const kept = response.json<FileView>().originalName ?? '';
        expect(kept.startsWith('menugnp.exe')).toBe(true);
        expect(kept).toHaveLength(200);
      });

      it("stores a user's own avatar, the owner defaulting to the uploader", async () => {
        const response = await h.uploadImage(h.tokens.customer, { purpose: 'AVATAR', bytes: JPEG_1X1 });
        expect(response.statusCode).toBe(201);
        expect(response.json<FileView>().ownerId).toBe(h.ids.customer);
        const explicit = await h.uploadImage(h.tokens.customer, {
          purpose: 'AVATAR',
          ownerId: h.ids.customer,
          bytes: JPEG_1X1,
        });
        expect(explicit.statusCode).toBe(201);
        expect(await h.rows()).toBe(2);
      });
    });

    describe('who may upload', () => {
      it('answers 401 without a token, storing nothing', async () => {
        const response = await h.uploadImage(undefined, {
          purpose: 'RESTAURANT_IMAGE',
          ownerId: RESTAURANT_A,
          bytes: PNG_1X1,
        });
        expect([response.statusCode, errorCode(response)]).toEqual([401, 'COMMON.UNAUTHENTICATED']);
        await expectNothingStored();
      });

      it.each(['customer', 'courier'] as const)(
        'answers 403 to a %s for restaurant and menu images without looking the owner up',
        async (who) => {
          for (const [purpose, ownerId] of [
            ['RESTAURANT_IMAGE', RESTAURANT_A],
            ['MENU_ITEM_IMAGE', ITEM_A],
          ] as const) {
            const response = await h.uploadImage(h.tokens[who], { purpose, ownerId, bytes: PNG_1X1 });
            expect([response.statusCode, errorCode(response)]).toEqual([403, 'COMMON.FORBIDDEN']);
          }
          expect(h.lookups()).toEqual({ catalog: 0, restaurants: 0 });
          await expectNothingStored();
        },
      );

      it("answers 403 to staff of restaurant B for restaurant A's images and A's menu items", async () => {
        const restaurant = await h.uploadImage(h.tokens.staffB, {
          purpose: 'RESTAURANT_IMAGE',
          ownerId: RESTAURANT_A,
          bytes: PNG_1X1,
        });
        const item = await h.uploadImage(h.tokens.staffB, {
          purpose: 'MENU_ITEM_IMAGE',
          ownerId: ITEM_A,
          bytes: PNG_1X1,
        });
        expect([restaurant.statusCode, errorCode(restaurant)]).toEqual([403, 'COMMON.FORBIDDEN']);
        expect([item.statusCode, errorCode(item)]).toEqual([403, 'COMMON.FORBIDDEN']);
        await expectNothingStored();
      });

      it('lets staff of B upload for their own menu item', async () => {
        const response = await h.uploadImage(h.tokens.staffB, {
          purpose: 'MENU_ITEM_IMAGE',
          ownerId: ITEM_B,
          bytes: PNG_1X1,
        });
        expect(response.statusCode).toBe(201);
      });

      it('refuses before reading the file: a forbidden oversized upload is 403, not 413', async () => {
        const response = await h.uploadImage(h.tokens.staffB, {
          purpose: 'RESTAURANT_IMAGE',
          ownerId: RESTAURANT_A,
          bytes: pngOfSize(LIMIT + 1),
        });
        expect([response.statusCode, errorCode(response)]).toEqual([403, 'COMMON.FORBIDDEN']);
        await expectNothingStored();
      });

      it("answers 403 to someone uploading another user's avatar, even a system admin", async () => {
        for (const token of [h.tokens.staffA, h.tokens.admin]) {
          const response = await h.uploadImage(token, {
            purpose: 'AVATAR',
            ownerId: h.ids.customer,
            bytes: PNG_1X1,
          });
          expect([response.statusCode, errorCode(response)]).toEqual([403, 'COMMON.FORBIDDEN']);
        }
        await expectNothingStored();
      });

      it('lets a system admin upload for any restaurant, and answers 404 for an unknown or removed owner', async () => {
        const ok = await h.uploadImage(h.tokens.admin, {
          purpose: 'RESTAURANT_IMAGE',
          ownerId: RESTAURANT_A,
          bytes: PNG_1X1,
        });
        expect(ok.statusCode).toBe(201);
        await h.reset();
        for (const [purpose, ownerId] of [
          ['RESTAURANT_IMAGE', UNKNOWN_ID],
          ['MENU_ITEM_IMAGE', UNKNOWN_ID],
          ['MENU_ITEM_IMAGE', DELETED_ITEM_A],
        ] as const) {
          const response = await h.uploadImage(h.tokens.admin, { purpose, ownerId, bytes: PNG_1X1 });
          expect([response.statusCode, errorCode(response)]).toEqual([404, 'STORAGE.OWNER_NOT_FOUND']);
        }
        await expectNothingStored();
      });
    });

    describe('the form', () => {
      const png = { name: 'file', bytes: PNG_1X1, filename: 'a.png', contentType: 'image/png' };
      it.each([
        ['no purpose', [{ name: 'ownerId', value: RESTAURANT_A }, png], 'purpose'],
        ['an unknown purpose', [{ name: 'purpose', value: 'BANNER' }, png], 'purpose'],
        [
          'an ownerId that is no UUID',
          [{ name: 'purpose', value: 'RESTAURANT_IMAGE' }, { name: 'ownerId', value: '../1' }, png],
          'ownerId',
        ],
        [
          'no ownerId for a restaurant image',
          [{ name: 'purpose', value: 'RESTAURANT_IMAGE' }, png],
          'ownerId',
        ],
        [
          'the fields after the file',
          [png, { name: 'purpose', value: 'RESTAURANT_IMAGE' }, { name: 'ownerId', value: RESTAURANT_A }],
          'purpose',
        ],
        [
          'no file',
          [
            { name: 'purpose', value: 'RESTAURANT_IMAGE' },
            { name: 'ownerId', value: RESTAURANT_A },
          ],
          'file',
        ],
        [
          'an unknown field',
          [{ name: 'purpose', value: 'RESTAURANT_IMAGE' }, { name: 'path', value: '/etc' }, png],
          'path',
        ],
        [
          'a repeated field',
          [{ name: 'purpose', value: 'RESTAURANT_IMAGE' }, { name: 'purpose', value: 'AVATAR' }, png],
          'purpose',
        ],
        [
          'a second file',
          [
            { name: 'purpose', value: 'RESTAURANT_IMAGE' },
            { name: 'ownerId', value: RESTAURANT_A },
            png,
            { ...png, filename: 'b.png' },
          ],
          'file',
        ],
      ])('refuses %s with 400 STORAGE.INVALID_UPLOAD, storing nothing', async (_label, parts, field) => {
        const response = await h.upload(h.tokens.staffA, parts);
        expect([response.statusCode, errorCode(response)]).toEqual([400, 'STORAGE.INVALID_UPLOAD']);
        expect(response.json<{ details: { field: string } }>().details.field).toBe(field);
        await expectNothingStored();
      });

      it('refuses a body that is not multipart with 415 STORAGE.NOT_MULTIPART', async () => {
        const response = await h.request({
          method: 'POST',
          url: '/api/storage/upload',
          token: h.tokens.staffA,
          payload: { purpose: 'RESTAURANT_IMAGE', ownerId: RESTAURANT_A, file: PNG_1X1.toString('base64') },
        });
        expect([response.statusCode, errorCode(response)]).toEqual([415, 'STORAGE.NOT_MULTIPART']);
        await expectNothingStored();
      });

      it('refuses a form cut short with 400 STORAGE.INVALID_UPLOAD', async () => {
        const response = await h.request({
          method: 'POST',
          url: '/api/storage/upload',
          token: h.tokens.staffA,
          headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
          payload:
            '--xyz\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nAVATAR\r\n--xyz\r\nContent-Disp',
        });
        expect([response.statusCode, errorCode(response)]).toEqual([400, 'STORAGE.INVALID_UPLOAD']);
        await expectNothingStored();
      });
    });

    describe('a failure half-way', () => {
      it('keeps neither a blob nor a row when the blob write breaks off mid-way', async () => {
        const attempted = h.failNextBlobWrite();
        const response = await h.uploadImage(h.tokens.staffA, {
          purpose: 'RESTAURANT_IMAGE',
          ownerId: RESTAURANT_A,
          bytes: pngOfSize(256 * 1024),
        });
        expect([response.statusCode, errorCode(response)]).toEqual([503, 'STORAGE.UNAVAILABLE']);
        expect(await h.blob.store.head(await attempted)).toBeUndefined();
        await expectNothingStored();
        // The next upload goes through: nothing was left half-done.
        const retry = await h.uploadImage(h.tokens.staffA, {
          purpose: 'RESTAURANT_IMAGE',
          ownerId: RESTAURANT_A,
          bytes: PNG_1X1,
        });
        expect(retry.statusCode).toBe(201);
      });

      it('removes the written blob when the row fails to commit, keeping neither', async () => {
        h.failNextRowInsert();
        const response = await h.uploadImage(h.tokens.staffA, {
          purpose: 'RESTAURANT_IMAGE',
          ownerId: RESTAURANT_A,
          bytes: PNG_1X1,
        });
        expect([response.statusCode, errorCode(response)]).toEqual([500, 'COMMON.INTERNAL_ERROR']);
        await expectNothingStored();
      });
    });

    describe('serving', () => {
      let file: FileView;
      beforeEach(async () => {
        const response = await h.uploadImage(h.tokens.staffA, {
          purpose: 'MENU_ITEM_IMAGE',
          ownerId: ITEM_A,
          bytes: WEBP_1X1,
        });
        file = response.json<FileView>();
      });

      it('serves the bytes to anyone with their type, length, strong ETag and a year of caching', async () => {
        const response = await getFile(file.id);
        expect(response.statusCode).toBe(200);
        expect(response.rawPayload.equals(WEBP_1X1)).toBe(true);
        expect(response.headers).toMatchObject({
          'content-type': 'image/webp',
          'content-length': String(WEBP_1X1.byteLength),
          etag: file.etag,
          'cache-control': 'public, max-age=31536000, immutable',
          'x-content-type-options': 'nosniff',
        });
        expect(file.etag).toMatch(/^"[^"]+"$/);
      });

      it('answers 304 without a body when If-None-Match names the ETag, and 200 otherwise', async () => {
        for (const header of [file.etag, `"stale", ${file.etag}`, `W/${file.etag}`, '*']) {
          const response = await getFile(file.id, { 'if-none-match': header });
          expect(response.statusCode).toBe(304);
          expect(response.rawPayload.byteLength).toBe(0);
          expect(response.headers.etag).toBe(file.etag);
          expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
        }
        const stale = await getFile(file.id, { 'if-none-match': '"stale"' });
        expect(stale.statusCode).toBe(200);
        expect(stale.rawPayload.equals(WEBP_1X1)).toBe(true);
      });

      it('answers HEAD with the headers and no body', async () => {
        const response = await h.app.inject({ method: 'HEAD', url: file.url });
        expect(response.statusCode).toBe(200);
        expect(response.rawPayload.byteLength).toBe(0);
        expect(response.headers['content-length']).toBe(String(WEBP_1X1.byteLength));
        expect(response.headers.etag).toBe(file.etag);
      });

      it('serves under /api/v1 too', async () => {
        const response = await h.request({ method: 'GET', url: `/api/v1/storage/files/${file.id}` });
        expect(response.rawPayload.equals(WEBP_1X1)).toBe(true);
      });

      it('answers 404 for an unknown id and 400 for a malformed one, neither cached for long', async () => {
        const unknown = await getFile(UNKNOWN_ID);
        expect([unknown.statusCode, errorCode(unknown)]).toEqual([404, 'STORAGE.FILE_NOT_FOUND']);
        expect(unknown.headers['cache-control']).toBeUndefined();
        const malformed = await getFile('..%2F..%2Fetc%2Fpasswd');
        expect([malformed.statusCode, errorCode(malformed)]).toEqual([400, 'COMMON.VALIDATION_FAILED']);
      });

      it('answers 404 when the blob behind a row is gone', async () => {
        await h.blob.clear();
        const response = await getFile(file.id);
        expect([response.statusCode, errorCode(response)]).toEqual([404, 'STORAGE.FILE_NOT_FOUND']);
      });

      it('documents both routes in the OpenAPI: the upload signed in, the file public', async () => {
        const docs = await h.request({ method: 'GET', url: '/docs/json' });
        const paths = docs.json<{
          paths: Record<string, Record<string, { tags?: string[]; security?: unknown[] }>>;
        }>().paths;
        const upload = paths['/api/storage/upload']?.post;
        const served = paths['/api/storage/files/{id}']?.get;
        expect([upload?.tags, served?.tags]).toEqual([['storage'], ['storage']]);
        expect(upload?.security).toEqual([{ bearerAuth: [] }, { cookieAuth: [] }]);
        expect(served?.security).toBeUndefined();
      });

      it("gives other services the file's metadata through the client", async () => {
        expect(await h.storage.client.getFile({ id: file.id })).toEqual(file);
        await expect(h.storage.client.getFile({ id: UNKNOWN_ID })).rejects.toHaveProperty(
          'code',
          'STORAGE.FILE_NOT_FOUND',
        );
        await expect(h.storage.client.getFile({ id: 'not-a-uuid' })).rejects.toHaveProperty(
          'code',
          'STORAGE.FILE_NOT_FOUND',
        );
      });
    });
  });
}
