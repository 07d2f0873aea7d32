import { awaitingPayment, awaitingRefund } from '../domain/order-state.js';
import { findSagaWork } from '../read/order-queries.js';
import type { OrdersContext } from './context.js';
import { executeOrderCommand, loadOrder } from './order-stream.js';
import { chargeOrder, refundOrder } from './payment-steps.js';

export interface SweepReport {
  examined: number;
  confirmed: number;
  cancelled: number;
  refunded: number;
  stillPending: number;
  failed: number;
}

/**
 * Finishes what the saga left: an order still PENDING is charged again (payments is idempotent by order
 * id, so a charge that did happen is answered with its first outcome, never repeated) until
 * `paymentTimeoutMs` has passed unpaid; then it is no longer charged but cancelled with `payment_timeout`,
 * after payments has released whatever it holds (a hold is voided, a late capture refunded). A cancelled
 * or cancelling order whose money payments has not yet given back is asked again. This is also how a restart resumes orders a crash interrupted. Several instances
 * may sweep at once: the stream's optimistic concurrency lets one of them record each step.
 */
export async function sweepOnce(ctx: OrdersContext): Promise<SweepReport> {
  const report: SweepReport = {
    examined: 0,
    confirmed: 0,
    cancelled: 0,
    refunded: 0,
    stillPending: 0,
    failed: 0,
  };
  const work = await findSagaWork(ctx.sql, ctx.settings.sweepBatchSize);
  for (const { orderId } of work) {
    report.examined += 1;
    try {
      let { state: order } = await loadOrder(ctx, orderId);
      if (order === null) continue;
      if (awaitingPayment(order)) {
        const age = ctx.clock.now().getTime() - new Date(order.placedAt).getTime();
        if (age < ctx.settings.paymentTimeoutMs) {
          try {
            order = (await chargeOrder(ctx, order)).order;
          } catch (error) {
            ctx.log.warn({ err: error, orderId }, 'charge retry failed');
          }
        } else {
          // Too late to confirm: the customer was told it would be cancelled. Release, then cancel.
          order = (await executeOrderCommand(ctx, orderId, { type: 'ExpirePayment' })).order;
          if (awaitingRefund(order)) order = await refundOrder(ctx, order);
        }
        if (order.status === 'CONFIRMED') report.confirmed += 1;
        else if (order.status === 'CANCELLED') report.cancelled += 1;
        else report.stillPending += 1;
      } else if (awaitingRefund(order)) {
        const wasPending = order.status === 'PENDING';
        order = await refundOrder(ctx, order);
        if (order.refund === 'COMPLETED') report.refunded += 1;
        // A PENDING order being cancelled waits for payments to release its possible hold.
        if (order.status === 'PENDING') report.stillPending += 1;
        else if (wasPending && order.status === 'CANCELLED') report.cancelled += 1;
      }
    } catch (error) {
      report.failed += 1;
      ctx.log.error({ err: error, orderId }, 'saga sweep of an order failed');
    }
  }
  return report;
}

/** Runs `sweepOnce` every `sweepIntervalMs`, one run at a time; `stop()` waits for the run in flight. */
export function startSweeper(ctx: OrdersContext): { stop(): Promise<void> } {
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    if (running !== undefined) return;
    running = sweepOnce(ctx)
      .catch((error: unknown) => ctx.log.error({ err: error }, 'saga sweep failed'))
      .finally(() => {
        running = undefined;
      });
  }, ctx.settings.sweepIntervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
