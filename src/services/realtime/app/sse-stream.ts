import type { Logger } from '../../../platform/observability/logger.js';
import type { StreamEntry, StreamStore } from '../adapters/stream-store.sql.js';
import type { StreamTail } from './stream-tail.js';

/** Where an SSE stream writes: the HTTP response, seen through what the stream needs of it. */
export interface SseSink {
  write(text: string): void;
  /** Bytes written but not yet taken by the client; a stream far behind is dropped. */
  readonly pendingBytes: number;
  /** Ends the response (`dropped`: cut at once, the client is too slow). */
  end(dropped: boolean): void;
}

export interface SseStreamOptions {
  store: StreamStore;
  tail: StreamTail;
  log: Logger;
  /** The stream keys this stream carries, merged in position order. */
  keys: readonly string[];
  /** The client's Last-Event-ID: every entry after it is sent first. Undefined: from now on. */
  after: number | undefined;
  sink: SseSink;
  keepAliveMs: number;
  maxPendingBytes: number;
  /** Called once when the stream ends, whoever ended it. */
  onEnd(reason: 'closed' | 'dropped'): void;
}

export interface SseStream {
  /** Resolves once the missed entries have been sent (live ones follow as they come). */
  readonly caughtUp: Promise<void>;
  close(): void;
}

const BACKLOG_PAGE = 500;
const RESET_BODY = JSON.stringify({
  reason: 'HISTORY_EXPIRED',
  message: 'Updates after your Last-Event-ID are no longer kept: reload, then follow this stream.',
});
const REMEMBERED_IDS = 1000;

/**
 * One SSE stream: listens live first (buffering), reads what the client missed after its Last-Event-ID,
 * sends that, then the buffered and live entries not sent yet. Every entry's SSE id is its position, and
 * an entry is sent only if its position is past the last one sent, so nothing is sent twice and, since
 * positions become visible in order, nothing is skipped.
 */
export function openSseStream(options: SseStreamOptions): SseStream {
  const { sink, log } = options;
  let buffering = true;
  let ended = false;
  const buffered: StreamEntry[] = [];
  const sentIds = new Set<string>();

  const registration = options.tail.add({
    keys: new Set(options.keys),
    onEntry(entry) {
      if (buffering) buffered.push(entry);
      else send(entry);
    },
  });
  let sentUpTo = options.after ?? registration.from;

  function send(entry: StreamEntry): void {
    if (ended || entry.position <= sentUpTo) return;
    sentUpTo = entry.position;
    // One event may sit in two of this stream's keys; the client sees it once.
    if (sentIds.has(entry.eventId)) return;
    sentIds.add(entry.eventId);
    if (sentIds.size > REMEMBERED_IDS) sentIds.delete(sentIds.values().next().value as string);
    sink.write(`id: ${entry.position}\nevent: ${entry.type}\ndata: ${entry.body}\n\n`);
    if (sink.pendingBytes > options.maxPendingBytes) end('dropped');
  }

  const keepAlive = setInterval(() => {
    if (ended) return;
    // Once caught up, everything of this stream up to the tail's position has been sent: saying so in an
    // id keeps a quiet stream's Last-Event-ID recent (an id with no data is not an event to the client),
    // so a reconnect after a day of silence resumes without a needless reset.
    const upTo = buffering ? sentUpTo : Math.max(sentUpTo, options.tail.position);
    if (upTo > sentUpTo) {
      sentUpTo = upTo;
      sink.write(`: keep-alive\nid: ${upTo}\n\n`);
    } else {
      sink.write(': keep-alive\n\n');
    }
  }, options.keepAliveMs);
  keepAlive.unref();

  function end(reason: 'closed' | 'dropped'): void {
    if (ended) return;
    ended = true;
    clearInterval(keepAlive);
    registration.remove();
    buffered.length = 0;
    if (reason === 'dropped') log.warn({ keys: options.keys.length }, 'SSE client too slow: dropped');
    sink.end(reason === 'dropped');
    options.onEnd(reason);
  }

  const caughtUp = (async () => {
    try {
      if (options.after !== undefined && options.after < (await options.store.prunedThrough())) {
        // Entries after the client's id may be gone: rather than skip them silently, tell it to reload
        // what it shows, and go on from now (the reset's id is where a reconnect resumes).
        sentUpTo = Math.max(sentUpTo, await options.store.lastPosition());
        sink.write(`id: ${sentUpTo}\nevent: reset\ndata: ${RESET_BODY}\n\n`);
      }
      if (options.after !== undefined) {
        for (;;) {
          const page = await options.store.readStreamsAfter(options.keys, sentUpTo, BACKLOG_PAGE);
          for (const entry of page) send(entry);
          if (page.length < BACKLOG_PAGE || ended) break;
        }
      }
    } catch (error) {
      log.warn({ err: error }, 'SSE backlog could not be read; the client will reconnect');
      end('closed');
      return;
    }
    buffering = false;
    for (const entry of buffered.splice(0)) send(entry);
  })();

  return { caughtUp, close: () => end('closed') };
}
