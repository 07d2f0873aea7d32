/** A load in progress; `stale` turns true when its key is invalidated while it runs. */
export interface LoadTicket {
  readonly stale: boolean;
}

interface Flight {
  promise: Promise<unknown>;
  ticket: { stale: boolean };
}

/**
 * Single flight with invalidation: concurrent callers for one key share one load, and an invalidation marks the
 * running load stale (so it must not write its result into any tier) and detaches it, so that the next caller
 * starts a fresh load instead of joining one that may return the old value.
 */
export class InflightLoads {
  private readonly flights = new Map<string, Flight>();

  run<T>(key: string, start: (ticket: LoadTicket) => Promise<T>): Promise<T> {
    const running = this.flights.get(key);
    if (running !== undefined) return running.promise as Promise<T>;
    const ticket = { stale: false };
    const promise = start(ticket).finally(() => {
      if (this.flights.get(key)?.ticket === ticket) this.flights.delete(key);
    });
    this.flights.set(key, { promise, ticket });
    return promise;
  }

  invalidate(key: string): void {
    const flight = this.flights.get(key);
    if (flight === undefined) return;
    flight.ticket.stale = true;
    this.flights.delete(key);
  }

  invalidatePrefix(prefix: string): void {
    for (const key of [...this.flights.keys()]) if (key.startsWith(prefix)) this.invalidate(key);
  }

  invalidateAll(): void {
    this.invalidatePrefix('');
  }
}
