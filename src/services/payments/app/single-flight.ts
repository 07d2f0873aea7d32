/**
 * Joins concurrent calls for one key in this process to the first call's promise, so a double charge from
 * one instance asks the provider once. Calls from other instances meet at the database instead.
 */
export function singleFlight<T>() {
  const running = new Map<string, Promise<T>>();
  return {
    run(key: string, work: () => Promise<T>): Promise<T> {
      const current = running.get(key);
      if (current !== undefined) return current;
      const started = work().finally(() => running.delete(key));
      running.set(key, started);
      return started;
    },
  };
}
export type SingleFlight<T> = ReturnType<typeof singleFlight<T>>;
