import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalBlobStore } from '../../../platform/blob/index.js';
import type { PgliteSql } from '../../../platform/db/pglite-sql.js';
import type { FileView } from '../index.js';
import { PNG_1X1, pngOfSize } from './image-fixtures.js';
import { multipartForm } from './multipart-form.js';
import {
  RESTAURANT_A,
  UNKNOWN_ID,
  createTestSql,
  startStorage,
  type StorageHarness,
} from './storage-harness.js';

/** Uploads over a real socket, as browsers and other clients send them, not through inject. */
describe('uploads over a real connection', () => {
  let sql: PgliteSql;
  let h: StorageHarness;
  let dir: string;
  let base: URL;
  beforeAll(async () => {
    sql = await createTestSql();
    dir = await mkdtemp(path.join(os.tmpdir(), 'sattzabite-storage-http-'));
    const store = await createLocalBlobStore({ root: dir });
    h = await startStorage(sql, {
      store,
      keys: async () => [],
      clear: async () => {},
      close: async () => {},
    });
    base = new URL(await h.app.listen({ port: 0, host: '127.0.0.1' }));
  });
  afterAll(async () => {
    h?.app.server.closeAllConnections();
    await h?.close();
    await sql?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const upload = (token: string, bytes: Uint8Array) => {
    const body = new FormData();
    body.append('purpose', 'RESTAURANT_IMAGE');
    body.append('ownerId', RESTAURANT_A);
    body.append('file', new Blob([bytes], { type: 'image/png' }), 'front.png');
    return fetch(new URL('/api/storage/upload', base), {
      method: 'POST',
      body,
      headers: { authorization: `Bearer ${token}` },
    });
  };

  it("stores a browser's FormData upload and serves it back", async () => {
    const response = await upload(h.tokens.staffA, PNG_1X1);
    expect(response.status).toBe(201);
    const file = (await response.json()) as FileView;
    const served = await fetch(new URL(file.url, base));
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG_1X1)).toBe(true);
  });

  it('answers a large upload refused before its file (403) or at the limit (413)', async () => {
    const big = pngOfSize(20 * 1024 * 1024);
    const forbidden = await upload(h.tokens.staffB, big);
    expect([forbidden.status, ((await forbidden.json()) as { code: string }).code]).toEqual([
      403,
      'COMMON.FORBIDDEN',
    ]);
    const tooLarge = await upload(h.tokens.staffA, big);
    expect([tooLarge.status, ((await tooLarge.json()) as { code: string }).code]).toEqual([
      413,
      'STORAGE.FILE_TOO_LARGE',
    ]);
  });

  it('answers a refused upload while its body is still arriving, then serves the next request', async () => {
    const { payload, headers } = multipartForm([
      { name: 'purpose', value: 'RESTAURANT_IMAGE' },
      { name: 'ownerId', value: RESTAURANT_A },
      { name: 'file', bytes: pngOfSize(512 * 1024), filename: 'a.png', contentType: 'image/png' },
    ]);
    const socket = net.connect(Number(base.port), base.hostname);
    const received = answers(socket);
    socket.write(
      `POST /api/storage/upload HTTP/1.1\r\nHost: ${base.host}\r\n` +
        `Authorization: Bearer ${h.tokens.staffB}\r\nContent-Type: ${headers['content-type']}\r\n` +
        `Content-Length: ${payload.byteLength}\r\n\r\n`,
    );
    // The fields and the start of the file; the rest is held back until the answer is in.
    const firstPart = 64 * 1024;
    socket.write(payload.subarray(0, firstPart));
    expect(await received.next()).toMatch(/^HTTP\/1\.1 403 /);
    // The refused body is read to its end, and the same connection then carries another request.
    socket.write(payload.subarray(firstPart));
    socket.write(`GET /api/storage/files/${UNKNOWN_ID} HTTP/1.1\r\nHost: ${base.host}\r\n\r\n`);
    expect(await received.next()).toMatch(/^HTTP\/1\.1 404 /);
    socket.destroy();
  });
});

/** The responses arriving on a raw socket, each resolved once its head and its Content-Length body are in. */
function answers(socket: net.Socket): { next(): Promise<string> } {
  let buffer = Buffer.alloc(0);
  const waiting: Array<{ resolve(head: string): void; reject(error: Error): void }> = [];
  const ready: string[] = [];
  socket.on('error', (error) => {
    for (const waiter of waiting.splice(0)) waiter.reject(error);
  });
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buffer.subarray(0, end).toString('latin1');
      const length = Number(/content-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
      if (buffer.byteLength < end + 4 + length) return;
      buffer = buffer.subarray(end + 4 + length);
      const waiter = waiting.shift();
      if (waiter === undefined) ready.push(head);
      else waiter.resolve(head);
    }
  });
  return {
    next: () => {
      const head = ready.shift();
      if (head !== undefined) return Promise.resolve(head);
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
  };
}
