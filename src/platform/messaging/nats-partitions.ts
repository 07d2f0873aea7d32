/**
 * How the NATS bus spreads events over partitions: an event goes to `<prefix>.<partition>.<type>`, its
 * partition fixed by its subject (the aggregate id). Every event of one aggregate lands in one partition,
 * so a partition read in order by one owner keeps each aggregate's order, while different partitions are
 * worked on in parallel, by any number of instances.
 */

/** FNV-1a over the subject's UTF-16 code units: stable across processes and versions, and cheap. */
export function partitionOf(subject: string, partitions: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < subject.length; i += 1) {
    hash ^= subject.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % partitions;
}

export function eventSubject(prefix: string, partition: number, type: string): string {
  return `${prefix}.${partition}.${type}`;
}

/**
 * The filter of a durable's consumer on one partition. NATS 2.9 allows one filter subject per consumer:
 * a durable of one type reads only that type; one of several types reads its partition and passes over
 * the other types by their subject, unparsed.
 */
export function partitionFilter(prefix: string, partition: number, types: readonly string[]): string {
  return types.length === 1
    ? eventSubject(prefix, partition, types[0] as string)
    : `${prefix}.${partition}.*`;
}

/** A broadcast feed reads every partition: one type, or every type. */
export function broadcastFilter(prefix: string, types: readonly string[]): string {
  return types.length === 1 ? `${prefix}.*.${types[0] as string}` : `${prefix}.*.*`;
}

/** The event type is the subject's last token. */
export function typeOfSubject(subject: string): string {
  return subject.slice(subject.lastIndexOf('.') + 1);
}

/** Partitions `member` should own when `members` (sorted, live) share `partitions`: round-robin. */
export function assignedPartitions(partitions: number, members: readonly string[], member: string): number[] {
  const index = members.indexOf(member);
  if (index < 0 || members.length === 0) return [];
  const owned: number[] = [];
  for (let p = index; p < partitions; p += members.length) owned.push(p);
  return owned;
}
