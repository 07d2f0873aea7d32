import type { Logger } from '../observability/logger.js';
import { runOutsideCorrelationScope } from '../observability/correlation-scope.js';

/** Options of the passive health kept by one process about the instances it calls. */
export interface InstanceHealthOptions {
  /** How often an instance marked down is asked whether it answers again; 0 never asks (tests). */
  probeEveryMs: number;
  /** How long one probe may take before it counts as no answer (default 500 ms). */
  probeTimeoutMs?: number;
  /** A down instance that discovery has not listed for this long is forgotten (default 60 s). */
  forgetAfterMs?: number;
  /** Whether the instance at `url` answers; by default its `/health` answered 2xx. */
  probe?: (url: string, timeoutMs: number) => Promise<boolean>;
  log?: Logger;
  now?: () => number;
}

interface Down {
  /** When the failure was seen: a registration heartbeat after it shows the instance back. */
  since: number;
  /** When discovery last listed it; probing stops once its registration is gone. */
  listedAt: number;
}

/**
 * Passive health: an instance whose connection was refused or reset is marked down at once, by whichever
 * caller saw it, and skipped by every caller in this process until it shows it is back, either by answering a
 * probe of its `/health` or by a registration heartbeat newer than the failure. Discovery alone would keep
 * listing a killed instance until its registration expires; a circuit breaker would need several failures
 * per caller.
 *
 * Instances are keyed by base URL: a node that refuses one service's call refuses them all.
 */
export class InstanceHealth {
  private readonly down = new Map<string, Down>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly now: () => number;

  constructor(private readonly options: InstanceHealthOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Records that `url` could not be reached; nothing is sent to it while others are usable. */
  markDown(url: string, reason: string): void {
    const known = this.down.get(url);
    const now = this.now();
    if (known !== undefined) {
      known.since = now;
      return;
    }
    this.down.set(url, { since: now, listedAt: now });
    this.options.log?.warn({ url, reason }, 'instance marked down: skipped until it answers again');
    this.schedule();
  }

  /** Records that `url` answers again. */
  markUp(url: string, why: string): void {
    if (!this.down.delete(url)) return;
    this.options.log?.info({ url, why }, 'instance back up');
  }

  isDown(url: string): boolean {
    return this.down.has(url);
  }

  /**
   * The instances to send to, in the given order: those not marked down. When every one is down all are
   * returned, because a call that tries a dead instance costs one refused connection, while a call refused
   * here fails for certain. A heartbeat is stamped by the instance's clock: where clocks disagree, a dead
   * instance may come back early, which costs one more failed attempt before it is marked down again.
   */
  usable(urls: readonly string[], lastHeartbeat?: (url: string) => number | undefined): string[] {
    if (this.down.size === 0) return [...urls];
    const now = this.now();
    const up = urls.filter((url) => {
      const down = this.down.get(url);
      if (down === undefined) return true;
      down.listedAt = now;
      const beat = lastHeartbeat?.(url);
      if (beat !== undefined && beat > down.since) {
        this.markUp(url, 'registration heartbeat after the failure');
        return true;
      }
      return false;
    });
    return up.length > 0 ? up : [...urls];
  }

  /** Stops probing. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.closed || this.timer !== undefined || this.options.probeEveryMs <= 0) return;
    // The first failure is usually seen while serving a request: the probe loop must not live in its flow.
    runOutsideCorrelationScope(() => {
      this.timer = setTimeout(() => void this.probeAll(), this.options.probeEveryMs);
      // Probing must not keep a process alive that has otherwise finished.
      this.timer.unref();
    });
  }

  private async probeAll(): Promise<void> {
    const forgetAfterMs = this.options.forgetAfterMs ?? 60_000;
    const timeoutMs = this.options.probeTimeoutMs ?? 500;
    const probe = this.options.probe ?? answersHealth;
    await Promise.all(
      [...this.down].map(async ([url, down]) => {
        if (this.now() - down.listedAt > forgetAfterMs) {
          this.down.delete(url);
          return;
        }
        if (await probe(url, timeoutMs).catch(() => false)) this.markUp(url, 'answered a probe');
      }),
    );
    this.timer = undefined;
    if (this.down.size > 0) this.schedule();
  }
}

/** A node's liveness route answers 2xx while its process serves HTTP at all. */
async function answersHealth(url: string, timeoutMs: number): Promise<boolean> {
  const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(timeoutMs) });
  await response.body?.cancel();
  return response.ok;
}
