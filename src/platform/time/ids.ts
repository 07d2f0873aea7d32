import { v7 as uuidv7 } from 'uuid';

/** Ids are injected so that tests are deterministic. UUID v7 sorts by creation time. */
export interface Ids {
  next(): string;
}

export const uuidV7Ids: Ids = { next: () => uuidv7() };

/** Ids that tests can predict: a fixed prefix and a counter, still shaped like a UUID. */
export function sequentialIds(prefix = '00000000-0000-7000-8000'): Ids {
  let n = 0;
  return {
    next: () => {
      n += 1;
      return `${prefix}-${n.toString(16).padStart(12, '0')}`;
    },
  };
}
