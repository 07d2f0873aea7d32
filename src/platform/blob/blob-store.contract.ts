import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobErrors, type BlobStore } from './blob-store.port.js';
import { BodyBrokeError, breakingBody, chunkedBody, heldBody, readAll } from './blob-bodies.test-support.js';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const PNG = { contentType: 'image/png' };

/**
 * The blob port's behaviour, which every adapter must show. `make` returns a store on an empty root or
 * bucket; `inspect.keys()` lists what the store holds underneath (files, objects), leftovers included.
 */
export function blobStoreContract(
  name: string,
  make: () => Promise<{ store: BlobStore; keys(): Promise<string[]>; close(): Promise<void> }>,
): void {
  describe(`blob port: ${name}`, () => {
    let store: BlobStore;
    let keys: () => Promise<string[]>;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ store, keys, close } = await make());
    });
    afterAll(async () => {
      await store.close();
      await close();
    });
    const key = (label: string) => `contract/${label}-${randomUUID()}.bin`;

    it('stores bytes and gives the same bytes and length back', async () => {
      const k = key('bytes');
      const bytes = randomBytes(70_000);
      expect(await store.put(k, bytes, PNG)).toEqual({ size: 70_000 });
      const blob = await store.get(k);
      expect(blob?.size).toBe(70_000);
      expect(sha(await readAll(blob!.body))).toBe(sha(bytes));
      expect(await store.head(k)).toEqual({ size: 70_000 });
    });

    it('stores a stream, with its length stated or not', async () => {
      const bytes = randomBytes(50_001);
      const stated = key('stated');
      const unstated = key('unstated');
      await store.put(stated, chunkedBody(bytes), { ...PNG, contentLength: bytes.byteLength });
      await store.put(unstated, chunkedBody(bytes), PNG);
      for (const k of [stated, unstated]) {
        const blob = await store.get(k);
        expect(sha(await readAll(blob!.body))).toBe(sha(bytes));
      }
    });

    it('answers undefined for a missing blob and deletes idempotently', async () => {
      const k = key('deleted');
      expect(await store.get(k)).toBeUndefined();
      expect(await store.head(k)).toBeUndefined();
      await store.put(k, Buffer.from('soon gone'), PNG);
      await store.delete(k);
      await store.delete(k);
      expect(await store.head(k)).toBeUndefined();
      expect(await store.get(k)).toBeUndefined();
    });

    it('replaces a blob whole', async () => {
      const k = key('replaced');
      await store.put(k, randomBytes(10_000), PNG);
      const second = Buffer.from('short');
      await store.put(k, second, PNG);
      const blob = await store.get(k);
      expect((await readAll(blob!.body)).toString()).toBe('short');
      expect(blob?.size).toBe(5);
    });

    it('keeps nested keys apart', async () => {
      const base = `nested-${randomUUID()}`;
      await store.put(`${base}/a/one.png`, Buffer.from('one'), PNG);
      await store.put(`${base}/a/two.png`, Buffer.from('two'), PNG);
      await store.put(`${base}/b/one.png`, Buffer.from('three'), PNG);
      const text = async (k: string) => (await readAll((await store.get(k))!.body)).toString();
      expect([
        await text(`${base}/a/one.png`),
        await text(`${base}/a/two.png`),
        await text(`${base}/b/one.png`),
      ]).toEqual(['one', 'two', 'three']);
    });

    it.each([
      ['../escape.png'],
      ['a/../../escape.png'],
      ['/etc/passwd'],
      ['a//b.png'],
      ['.hidden'],
      ['a\\b.png'],
      [''],
      ['a/b/'],
      ['x'.repeat(513)],
    ])('refuses the key %j before writing anything', async (bad) => {
      const before = await keys();
      await expect(store.put(bad, Buffer.from('x'), PNG)).rejects.toHaveProperty(
        'code',
        BlobErrors.INVALID_KEY,
      );
      await expect(store.get(bad)).rejects.toHaveProperty('code', BlobErrors.INVALID_KEY);
      await expect(store.head(bad)).rejects.toHaveProperty('code', BlobErrors.INVALID_KEY);
      await expect(store.delete(bad)).rejects.toHaveProperty('code', BlobErrors.INVALID_KEY);
      expect(await keys()).toEqual(before);
    });

    it('leaves nothing when the body fails half-way, whether its length was stated or not', async () => {
      const before = await keys();
      const bytes = randomBytes(64 * 1024);
      for (const contentLength of [bytes.byteLength, undefined]) {
        const k = key('broken');
        const put = store.put(k, breakingBody(bytes), {
          ...PNG,
          ...(contentLength === undefined ? {} : { contentLength }),
        });
        await expect(put).rejects.toBeInstanceOf(BodyBrokeError);
        expect(await store.head(k)).toBeUndefined();
      }
      expect(await keys()).toEqual(before);
    });

    it('keeps the previous bytes when a replacement fails half-way', async () => {
      const k = key('kept');
      const original = randomBytes(20_000);
      await store.put(k, original, PNG);
      const replacement = randomBytes(64 * 1024);
      await expect(
        store.put(k, breakingBody(replacement), { ...PNG, contentLength: replacement.byteLength }),
      ).rejects.toBeInstanceOf(BodyBrokeError);
      const blob = await store.get(k);
      expect(blob?.size).toBe(20_000);
      expect(sha(await readAll(blob!.body))).toBe(sha(original));
    });

    it('refuses a stream that ends before its stated length, storing nothing', async () => {
      const k = key('short');
      const bytes = randomBytes(10_000);
      await expect(
        store.put(k, chunkedBody(bytes), { ...PNG, contentLength: 20_000 }),
      ).rejects.toHaveProperty('code', BlobErrors.INCOMPLETE);
      expect(await store.head(k)).toBeUndefined();
    });

    it('shows no part of a blob while it is being written', async () => {
      const k = key('held');
      const bytes = randomBytes(64 * 1024);
      const held = heldBody(bytes);
      const put = store.put(k, held.body, { ...PNG, contentLength: bytes.byteLength });
      await held.started;
      expect(await store.head(k)).toBeUndefined();
      expect(await store.get(k)).toBeUndefined();
      held.release();
      await put;
      expect(await store.head(k)).toEqual({ size: bytes.byteLength });
    });

    it('answers a ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
