import { ConsecutiveBreaker, circuitBreaker, handleWhen, type CircuitBreakerPolicy } from 'cockatiel';
import type { Logger } from '../observability/logger.js';
import { AttemptFailure } from './rpc-attempt.js';

/** Breaker settings, per target instance. */
export interface BreakerOptions {
  /** Failures in a row that open the breaker. */
  consecutiveFailures: number;
  /** How long an open breaker refuses calls before letting one probe through (half-open). */
  halfOpenAfterMs: number;
}

/**
 * One circuit breaker per instance URL: a dead instance is skipped without a request while its breaker is
 * open, and the others keep serving. Only failures of the instance count (refused, timed out, 5xx); a 4xx
 * answer is the caller's problem and leaves the breaker as it is.
 */
export class TargetBreakers {
  private readonly breakers = new Map<string, CircuitBreakerPolicy>();

  constructor(
    private readonly options: BreakerOptions,
    private readonly service: string,
    private readonly log: Logger,
  ) {}

  for(url: string): CircuitBreakerPolicy {
    let breaker = this.breakers.get(url);
    if (breaker === undefined) {
      breaker = circuitBreaker(
        handleWhen((error) => error instanceof AttemptFailure),
        {
          halfOpenAfter: this.options.halfOpenAfterMs,
          breaker: new ConsecutiveBreaker(this.options.consecutiveFailures),
        },
      );
      const target = { service: this.service, url };
      breaker.onBreak(() => this.log.warn(target, 'service client: circuit opened'));
      breaker.onReset(() => this.log.info(target, 'service client: circuit closed'));
      this.breakers.set(url, breaker);
    }
    return breaker;
  }
}
