import type { KV } from '@nats-io/kv';
import type { Logger } from '../observability/logger.js';
import { assignedPartitions } from './nats-partitions.js';

/** One durable's share of the partitions on this instance. */
export interface LeaseGroup {
  /** The durable's name (a NATS-safe token). */
  name: string;
  partitions: number;
  /** Starts work on a partition this instance now owns. */
  acquired(partition: number): void;
  /** Stops work on a partition (graceful: resolves once its in-flight batch is done and the rest handed back). */
  release(partition: number): Promise<void>;
}

export interface PartitionLeases {
  /** Joins a group: this instance becomes one of its members and owns its share of partitions. */
  join(group: LeaseGroup): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface PartitionLeasesOptions {
  kv: KV;
  /** This instance's id, unique among the instances sharing the bucket. */
  member: string;
  /** The bucket's TTL: a lease or membership not renewed this long ago is gone (a crashed instance). */
  ttlMs: number;
  log?: Logger;
}

interface Joined {
  group: LeaseGroup;
  /** Owned partitions and the revision of their lease key. */
  owned: Map<number, number>;
}

/**
 * Partition ownership through a NATS KV bucket whose entries expire after `ttlMs`. Each instance keeps a
 * membership key `m.<group>.<member>` per group it joined, and every tick (a third of the TTL): lists the
 * live members, works out its round-robin share, releases what is no longer its share (so that the new
 * owner can take it on its next tick), renews its leases `o.<group>.<partition>` by revision (a lost
 * revision means another instance took the partition: work on it stops at once), and creates the lease of
 * each partition of its share that nobody holds. A crashed instance stops renewing: its leases and
 * membership expire and the survivors take its partitions. KV errors (NATS down) keep the current state;
 * a lease that cannot be renewed before it would expire is given up.
 */
export function createPartitionLeases(options: PartitionLeasesOptions): PartitionLeases {
  const { kv, member, ttlMs, log } = options;
  const tickMs = Math.max(100, Math.floor(ttlMs / 3));
  const groups = new Map<string, Joined>();
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<void> | undefined;
  let closed = false;
  let lastRenewOk = Date.now();
  const pending = new Set<Promise<unknown>>();

  const memberKey = (group: string) => `m.${group}.${member}`;
  const leaseKey = (group: string, partition: number) => `o.${group}.${partition}`;

  async function liveMembers(): Promise<Map<string, string[]>> {
    const byGroup = new Map<string, Set<string>>();
    // A key renewed while the listing runs can be listed twice: counted twice, a member would take two
    // shares in one member's view and one in another's, and partitions would keep moving between them.
    for await (const key of await kv.keys('m.>')) {
      const [, group, who] = key.split('.');
      if (group === undefined || who === undefined) continue;
      byGroup.set(group, (byGroup.get(group) ?? new Set()).add(who));
    }
    return new Map([...byGroup].map(([group, members]) => [group, [...members].sort()]));
  }

  /**
   * Stops work on a partition in the background: a worker finishes its batch first, which under load takes
   * seconds, and a tick that waited for it renewed this member's keys late; they expired, other members
   * saw it gone and took its partitions, and partitions kept moving, each move a pause. `settled()` waits
   * for what is still being released.
   */
  function letGo(joined: Joined, partition: number, graceful: boolean): void {
    const releasing = release(joined, partition, graceful).catch((error: unknown) =>
      log?.warn({ err: error, group: joined.group.name, partition }, 'partition release failed'),
    );
    pending.add(releasing);
    void releasing.finally(() => pending.delete(releasing));
  }

  async function settled(): Promise<void> {
    while (pending.size > 0) await Promise.all([...pending]);
  }

  async function release(joined: Joined, partition: number, graceful: boolean): Promise<void> {
    const revision = joined.owned.get(partition);
    joined.owned.delete(partition);
    await joined.group.release(partition);
    if (graceful && revision !== undefined) {
      // Deleting by revision frees it for the next owner now instead of at expiry; never someone else's.
      await kv
        .delete(leaseKey(joined.group.name, partition), { previousSeq: revision })
        .catch(() => undefined);
    }
  }

  /**
   * Renews the membership and every lease of a group, all at once. Renewals come first in a tick and for
   * every group together: done group by group behind handovers (each waits for its worker's batch), a busy
   * node renewed its later groups too late, its keys expired, the others took its partitions, and the
   * partitions kept moving between nodes, each move a pause.
   */
  async function renew(joined: Joined): Promise<void> {
    const name = joined.group.name;
    await kv.put(memberKey(name), String(Date.now()));
    await Promise.all(
      [...joined.owned].map(async ([partition, revision]) => {
        try {
          const renewed = await kv.update(leaseKey(name, partition), member, revision);
          // Handed over meanwhile: the release deletes the lease by the revision it knew.
          if (joined.owned.has(partition)) joined.owned.set(partition, renewed);
        } catch (error) {
          log?.warn({ err: error, group: name, partition }, 'partition lease lost; work on it stops');
          letGo(joined, partition, false);
        }
      }),
    );
  }

  /** Hands over what is no longer this member's share and takes what is free of it. */
  async function rebalance(joined: Joined, members: string[]): Promise<void> {
    const name = joined.group.name;
    if (!members.includes(member)) members = [...members, member].sort();
    const share = new Set(assignedPartitions(joined.group.partitions, members, member));
    for (const partition of [...joined.owned.keys()]) {
      if (share.has(partition)) continue;
      log?.debug({ group: name, partition, members: members.length }, 'partition handed over');
      letGo(joined, partition, true);
    }
    for (const partition of share) {
      if (joined.owned.has(partition) || closed || groups.get(name) !== joined) continue;
      const revision = await kv.create(leaseKey(name, partition), member).catch(() => undefined);
      if (revision === undefined) continue; // still held by its previous owner: taken on a later tick
      joined.owned.set(partition, revision);
      joined.group.acquired(partition);
    }
  }

  async function tick(): Promise<void> {
    try {
      const joinedGroups = [...groups.values()];
      await Promise.all(joinedGroups.map(renew));
      lastRenewOk = Date.now();
      const members = await liveMembers();
      await Promise.all(
        joinedGroups.map((joined) => rebalance(joined, members.get(joined.group.name) ?? [])),
      );
    } catch (error) {
      log?.warn({ err: error }, 'partition leases could not be renewed; retrying');
      if (Date.now() - lastRenewOk > ttlMs - tickMs) {
        for (const joined of groups.values()) {
          for (const partition of [...joined.owned.keys()]) letGo(joined, partition, false);
        }
      }
    }
  }

  /** Ticks never overlap: a join's immediate tick waits for one already running. */
  function runTick(): Promise<void> {
    const next = (ticking ?? Promise.resolve()).then(tick);
    ticking = next;
    return next.finally(() => {
      if (ticking === next) ticking = undefined;
    });
  }

  function schedule(): void {
    if (closed) return;
    clearTimeout(timer);
    timer = setTimeout(() => void runTick().finally(schedule), tickMs);
  }

  return {
    async join(group) {
      const joined: Joined = { group, owned: new Map() };
      groups.set(group.name, joined);
      await kv.put(memberKey(group.name), String(Date.now()));
      // Take a share at once rather than a tick later.
      await runTick();
      if (timer === undefined) schedule();
      return async () => {
        groups.delete(group.name);
        await ticking?.catch(() => undefined);
        for (const partition of [...joined.owned.keys()]) letGo(joined, partition, true);
        await settled();
        await kv.delete(memberKey(group.name)).catch(() => undefined);
      };
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      await ticking?.catch(() => undefined);
      await settled();
    },
  };
}
