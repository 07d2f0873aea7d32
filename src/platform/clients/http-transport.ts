import { setTimeout as sleep } from 'node:timers/promises';
import { BrokenCircuitError, IsolatedCircuitError } from 'cockatiel';
import type { Dispatcher } from 'undici';
import { AppError, CommonErrors } from '../errors/app-error.js';
import { withPassiveHealth, type Discovery, type InstanceHealth } from '../discovery/index.js';
import type { Logger } from '../observability/logger.js';
import { CORRELATION_ID_HEADER, currentCorrelationScope } from '../observability/correlation-scope.js';
import { AttemptFailure, sendRpc } from './rpc-attempt.js';
import type { ServiceClient, ServiceContract, ServiceOperations } from './service-contract.js';
import { buildClient, rpcPath } from './service-contract.js';
import { TargetBreakers, type BreakerOptions } from './target-breakers.js';

/** Options of the HTTP client for one service. */
export interface HttpTransportOptions<Ops extends ServiceOperations> {
  contract: ServiceContract<Ops>;
  discovery: Discovery;
  /** Per request, connect to last byte; a late answer is `COMMON.TIMEOUT`. */
  timeoutMs: number;
  /** Further rounds over the instances after the first fails (idempotent operations, or nothing was sent). */
  retries: number;
  breaker: BreakerOptions;
  log: Logger;
  /** Sent with every request, read per call (a service token, the correlation id). */
  headers?: () => Record<string, string>;
  /** Backoff between rounds: full jitter over `initialMs * 2^round`, capped at `maxMs`. */
  backoff?: { initialMs: number; maxMs: number };
  /** The undici connection pool; the global one by default. */
  dispatcher?: Dispatcher;
  /**
   * The process's passive health of instances: one whose connection is refused or reset is marked down and
   * skipped at once, by this client and every other one sharing it. Without it only the breakers skip.
   */
  health?: InstanceHealth;
}

/**
 * A client that calls the service's instances over HTTP (`POST /internal/rpc/<service>/<operation>`).
 *
 * A call starts at the next instance in round-robin order and moves to the next one when an instance is
 * refused, its breaker is open, or (idempotent operations only) it times out or answers 5xx. An instance
 * whose connection was refused or reset is marked down in `health` and left out of later calls at once. When a whole
 * round fails it is repeated up to `retries` times after a jittered backoff, again only for idempotent
 * operations or when nothing was sent. A 4xx answer is final and comes back as an AppError with the callee's
 * code, message and details. When every instance's breaker is open the call fails at once with
 * `COMMON.SERVICE_UNAVAILABLE`: waiting out a backoff would not close a breaker sooner.
 */
export function createHttpTransport<Ops extends ServiceOperations>(
  options: HttpTransportOptions<Ops>,
): ServiceClient<Ops> {
  const { contract, log, health } = options;
  const discovery = health === undefined ? options.discovery : withPassiveHealth(options.discovery, health);
  const service = contract.service;
  const breakers = new TargetBreakers(options.breaker, service, log);
  const backoff = options.backoff ?? { initialMs: 50, maxMs: 1000 };
  let turn = 0;

  async function call(operation: keyof Ops & string, input: unknown): Promise<unknown> {
    const { idempotent } = contract.operations[operation];
    const body = JSON.stringify({ input });
    const unavailable = (message: string) =>
      new AppError(CommonErrors.UNAVAILABLE, message, { details: { service, operation } });

    for (let round = 0; ; round += 1) {
      const targets = await discovery.instances(service);
      if (targets.length === 0) throw unavailable(`no instance of ${service} is registered`);
      const first = turn++;
      let lastError: AppError | undefined;
      for (let i = 0; i < targets.length; i += 1) {
        const base = targets[(first + i) % targets.length] as string;
        try {
          return await breakers.for(base).execute(() =>
            sendRpc({
              url: base + rpcPath(service, operation),
              body,
              headers: { 'content-type': 'application/json', ...flowHeader(), ...options.headers?.() },
              timeoutMs: options.timeoutMs,
              what: { service, operation },
              ...(options.dispatcher === undefined ? {} : { dispatcher: options.dispatcher }),
            }),
          );
        } catch (error) {
          if (error instanceof BrokenCircuitError || error instanceof IsolatedCircuitError) continue;
          if (!(error instanceof AttemptFailure)) throw error;
          log.debug(
            { service, operation, url: base, kind: error.kind, code: error.error.code },
            'rpc failed',
          );
          if (error.connectionLost) health?.markDown(base, error.error.message);
          lastError = error.error;
          if (error.kind !== 'not-sent' && !idempotent) throw error.error;
        }
      }
      if (lastError === undefined)
        throw unavailable(`every instance of ${service} is failing (circuit open)`);
      if (round >= options.retries) throw lastError;
      await sleep(Math.random() * Math.min(backoff.maxMs, backoff.initialMs * 2 ** round));
    }
  }

  return buildClient(contract, call);
}

/** The caller's flow goes with the call, so that the callee's logs and events join it. */
function flowHeader(): Record<string, string> {
  const scope = currentCorrelationScope();
  return scope === undefined ? {} : { [CORRELATION_ID_HEADER]: scope.correlationId };
}
