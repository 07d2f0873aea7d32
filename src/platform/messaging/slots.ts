/** A counting semaphore: at most `size` holders at once, the others queued in arrival order. */
export interface Slots {
  acquire(): Promise<void>;
  release(): void;
}

export function createSlots(size: number): Slots {
  let free = size;
  const queue: Array<() => void> = [];
  return {
    acquire() {
      if (free > 0) {
        free -= 1;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => queue.push(resolve));
    },
    release() {
      const next = queue.shift();
      if (next !== undefined) next();
      else free += 1;
    },
  };
}
