import type { EventEnvelope } from './event-envelope.js';

/**
 * Joins the batches of the partitions one instance works on for one durable into a single `handleBatch`
 * call, one at a time: one transaction and one inbox write for what every partition has waiting.
 *
 * Why: a partition alone rarely has more than one event waiting at a steady rate (at 30 orders/s an
 * 8-partition durable sees about a dozen events a second per partition), so its batches were of one event
 * and each event paid a whole transaction. Joined, a batch holds what all partitions received while the
 * previous one ran: the busier the consumer, the larger its batches, so its cost per event falls as load
 * rises instead of its lag growing.
 *
 * Order is kept because a partition submits its next events only after its previous submission settled.
 * A joint batch that fails is rejected to every partition in it; each then delivers its own events one by
 * one (attempts, backoff, dead letters), so one bad event holds back only its own partition.
 */
export interface BatchGroup {
  /** Applies one partition's events (in order) in the next joint batch; rejects when that batch failed. */
  apply(events: readonly EventEnvelope[]): Promise<void>;
}

interface Submission {
  events: readonly EventEnvelope[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

export function createBatchGroup(
  handleBatch: (events: EventEnvelope[]) => Promise<void>,
  /** A joint batch stops growing past this many events (a submission is never split). */
  maxEvents: number,
): BatchGroup {
  const waiting: Submission[] = [];
  let running = false;

  /** The submissions of the next joint batch: at least one, then whole ones while under the limit. */
  function takeNext(): Submission[] {
    const taken: Submission[] = [];
    let size = 0;
    while (waiting.length > 0) {
      const next = waiting[0] as Submission;
      if (taken.length > 0 && size + next.events.length > maxEvents) break;
      taken.push(next);
      size += next.events.length;
      waiting.shift();
    }
    return taken;
  }

  async function run(): Promise<void> {
    while (waiting.length > 0) {
      const taken = takeNext();
      try {
        await handleBatch(taken.flatMap((submission) => submission.events));
        for (const submission of taken) submission.resolve();
      } catch (error) {
        for (const submission of taken) submission.reject(error);
      }
    }
    running = false;
  }

  return {
    apply(events) {
      return new Promise<void>((resolve, reject) => {
        waiting.push({ events, resolve, reject });
        if (running) return;
        running = true;
        // Partitions woken by the same read from the server submit in the same turn: start after it, so
        // they share the first batch too.
        setImmediate(() => void run());
      });
    },
  };
}
