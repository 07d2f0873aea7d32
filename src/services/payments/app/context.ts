import type { Sql } from '../../../platform/db/sql.js';
import type { Logger } from '../../../platform/observability/logger.js';
import type { ServiceMessaging } from '../../../platform/runtime/service-messaging.js';
import type { Clock } from '../../../platform/time/clock.js';
import type { Ids } from '../../../platform/time/ids.js';
import type { ChargeResult } from '../contract.js';
import type { PaymentProvider } from './payment-provider.js';
import type { SingleFlight } from './single-flight.js';

/** What every use case of the payments service works with. */
export interface PaymentsContext {
  sql: Sql;
  provider: PaymentProvider;
  messaging: ServiceMessaging;
  clock: Clock;
  ids: Ids;
  log: Logger;
  charges: SingleFlight<ChargeResult>;
  settings: PaymentsSettings;
}

export interface PaymentsSettings {
  /** How long one provider call may take before it counts as a timeout. */
  providerTimeoutMs: number;
  /**
   * How long a charge call holds the order's payment (authorise + capture + margin). A holder that died is
   * taken over after it: the provider calls are idempotent, so the next call resumes without a double charge.
   */
  claimLeaseMs: number;
  /** A charge that finds another instance's live claim re-checks this often, this many times, then gives up. */
  busyPollMs: number;
  busyPolls: number;
}

export function defaultSettings(providerTimeoutMs: number): PaymentsSettings {
  return {
    providerTimeoutMs,
    claimLeaseMs: 2 * providerTimeoutMs + 5_000,
    busyPollMs: 50,
    busyPolls: Math.ceil((2 * providerTimeoutMs + 1_000) / 50),
  };
}
