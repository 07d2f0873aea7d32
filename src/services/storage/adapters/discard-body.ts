import type { IncomingMessage } from 'node:http';

/** How long the rest of a refused upload is read and thrown away before its connection is cut. */
const DRAIN_LIMIT_MS = 10_000;

/**
 * An upload refused part-way (403 before the file, 413 at the limit) leaves the rest of its body unread,
 * and an unread request holds its connection: the client, still sending, never gets to read the answer,
 * and nothing else can use the connection. The rest is read and dropped instead, so the client receives
 * the answer and the connection stays usable; a client that keeps sending is cut off after DRAIN_LIMIT_MS.
 */
export function discardRestOfBody(raw: IncomingMessage): void {
  if (raw.complete || raw.destroyed) return;
  raw.unpipe();
  raw.resume();
  const timer = setTimeout(() => raw.socket?.destroy(), DRAIN_LIMIT_MS);
  timer.unref();
  raw.once('end', () => clearTimeout(timer));
  raw.once('close', () => clearTimeout(timer));
}
