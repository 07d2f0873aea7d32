/**
 * A FIFO mutex on promises. PGlite has one connection: a transaction's statements and any other query
 * must never interleave on it, so every access goes through one of these.
 */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    // The next holder waits for this one to settle either way; a failure belongs to its own caller.
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
