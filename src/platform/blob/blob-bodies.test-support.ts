import { Readable } from 'node:stream';

/** The error a broken body fails with, so tests can tell it from the store's own errors. */
export class BodyBrokeError extends Error {
  constructor() {
    super('the body broke half-way');
    this.name = 'BodyBrokeError';
  }
}

/** A body that yields the first `failAfter` bytes of `bytes` in small chunks, then fails. */
export function breakingBody(bytes: Uint8Array, failAfter = Math.floor(bytes.byteLength / 2)): Readable {
  async function* chunks(): AsyncGenerator<Buffer> {
    for (let at = 0; at < failAfter; at += 1024) {
      yield Buffer.from(bytes.subarray(at, Math.min(at + 1024, failAfter)));
      // Let the store start writing what it has, so the failure truly lands mid-write.
      await new Promise((resolve) => setImmediate(resolve));
    }
    throw new BodyBrokeError();
  }
  return Readable.from(chunks());
}

/** A body that yields the first part of `bytes`, then waits for `release()` before the rest. */
export function heldBody(bytes: Uint8Array): { body: Readable; started: Promise<void>; release(): void } {
  let release!: () => void;
  let started!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const startedPromise = new Promise<void>((resolve) => (started = resolve));
  const half = Math.floor(bytes.byteLength / 2);
  async function* chunks(): AsyncGenerator<Buffer> {
    yield Buffer.from(bytes.subarray(0, half));
    started();
    await released;
    yield Buffer.from(bytes.subarray(half));
  }
  return { body: Readable.from(chunks()), started: startedPromise, release };
}

/** A readable of `bytes` in chunks of `size`, like a network stream. */
export function chunkedBody(bytes: Uint8Array, size = 4096): Readable {
  async function* chunks(): AsyncGenerator<Buffer> {
    for (let at = 0; at < bytes.byteLength; at += size) yield Buffer.from(bytes.subarray(at, at + size));
  }
  return Readable.from(chunks());
}

export async function readAll(stream: AsyncIterable<Uint8Array | string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}
