import { CommonErrors } from '../../../platform/errors/app-error.js';
import { PaymentsErrors, RETRYABLE_ERRORS, type ChargeInput } from '../../payments/index.js';
import { awaitingPayment, awaitingRefund, type Order } from '../domain/order-state.js';
import type { OrdersContext } from './context.js';
import { executeOrderCommand, type Executed, type StreamPosition } from './order-stream.js';

/** The code payments answers a provider that did not answer in time with. */
export const PAYMENTS_PROVIDER_TIMEOUT = PaymentsErrors.PROVIDER_TIMEOUT;

function codeOf(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/**
 * True when payments could not give an answer (unreachable, timed out, failed inside) or gave one that
 * decides nothing (its provider unavailable or slow, another call at the same order): the charge may or
 * may not have happened, so the order waits and the charge is retried (payments is idempotent by order).
 */
export function isPaymentsUnreachable(error: unknown): boolean {
  const code = codeOf(error);
  return (
    (code !== undefined && RETRYABLE_ERRORS.includes(code)) ||
    code === CommonErrors.UNAVAILABLE ||
    code === CommonErrors.TIMEOUT ||
    code === CommonErrors.INTERNAL
  );
}

type PaymentInstruction = ChargeInput['payment'];

async function paymentInstruction(ctx: OrdersContext, orderId: string): Promise<PaymentInstruction | null> {
  const { rows } = await ctx.sql.query<{ payment: PaymentInstruction }>(
    'SELECT payment FROM orders.payment_requests WHERE order_id = $1',
    [orderId],
  );
  return rows[0]?.payment ?? null;
}

/** The order after the payment step, and its stream version when this step appended to it. */
export interface Charged {
  order: Order;
  version: number | undefined;
}

const charged = (executed: Executed): Charged => ({
  order: executed.order,
  version: executed.appended.length > 0 ? executed.position.version : undefined,
});

/**
 * The saga's payment step: charges the order (idempotent by order id) and records the outcome. Payments
 * unreachable → PaymentPending, the order stays PENDING. A refusal of payments' own (a PAYMENTS.* code) is
 * a failed payment. Anything else is a fault of ours: it propagates, the order stays PENDING, and the
 * sweeper resumes the step.
 */
export async function chargeOrder(
  ctx: OrdersContext,
  order: Order,
  instruction?: PaymentInstruction,
  /** The stream as placement left it, so recording the outcome needs no read of it. */
  known?: StreamPosition,
): Promise<Charged> {
  if (!awaitingPayment(order)) return { order, version: undefined };
  const payment = instruction ?? (await paymentInstruction(ctx, order.orderId));
  if (payment === null) {
    ctx.log.warn({ orderId: order.orderId }, 'no payment instruction kept for a PENDING order');
    return { order, version: undefined };
  }
  let result;
  try {
    result = await ctx.payments.charge({
      orderId: order.orderId,
      customerId: order.customerId,
      amount: order.totalAmount,
      payment,
    });
  } catch (error) {
    const code = codeOf(error);
    if (isPaymentsUnreachable(error)) {
      ctx.log.warn({ orderId: order.orderId, code }, 'payments unreachable; order left PENDING');
      const reason =
        code?.startsWith('PAYMENTS.') === true
          ? code.slice('PAYMENTS.'.length).toLowerCase()
          : 'payments_unreachable';
      return charged(
        await executeOrderCommand(
          ctx,
          order.orderId,
          { type: 'RecordPaymentPending', reason },
          known === undefined ? {} : { known },
        ),
      );
    }
    if (code?.startsWith('PAYMENTS.') === true) {
      const failureCode = code.slice('PAYMENTS.'.length).toLowerCase();
      return charged(
        await executeOrderCommand(
          ctx,
          order.orderId,
          {
            type: 'RecordPaymentResult',
            result: { succeeded: false, status: 'FAILED', failureCode },
          },
          known === undefined ? {} : { known },
        ),
      );
    }
    throw error;
  }
  return charged(
    await executeOrderCommand(
      ctx,
      order.orderId,
      {
        type: 'RecordPaymentResult',
        result: {
          succeeded: result.succeeded,
          paymentId: result.paymentId,
          status: result.status,
          ...(result.failureCode === undefined ? {} : { failureCode: result.failureCode }),
          ...(result.failureMessage === undefined ? {} : { failureMessage: result.failureMessage }),
          ...(result.card === undefined ? {} : { card: result.card }),
        },
      },
      known === undefined ? {} : { known },
    ),
  );
}

/**
 * The compensation: gives a cancelled (or being cancelled) order's money back: payments refunds a capture
 * or releases a hold. Payments unreachable or failing → a paid order is CANCELLED with the refund pending
 * (payments' own consumer of the cancellation, a PaymentRefunded event or the sweeper completes it); an
 * order whose payment may be an uncaptured hold stays PENDING until payments has released it, so no order
 * is ever CANCELLED with a hold left on the card.
 */
export async function refundOrder(ctx: OrdersContext, order: Order): Promise<Order> {
  if (!awaitingRefund(order)) return order;
  const reason = order.cancellation?.reason ?? 'cancelled';
  let refund;
  try {
    refund = await ctx.payments.refund({ orderId: order.orderId, reason });
  } catch (error) {
    ctx.log.warn({ orderId: order.orderId, code: codeOf(error) }, 'refund failed; pending');
    return (
      await executeOrderCommand(ctx, order.orderId, {
        type: 'RecordRefundPending',
        reason: isPaymentsUnreachable(error) ? 'payments_unreachable' : (codeOf(error) ?? 'refund_failed'),
      })
    ).order;
  }
  return (
    await executeOrderCommand(ctx, order.orderId, {
      type: 'RecordRefund',
      refundId: refund.refundId,
      nothingToRefund: refund.nothingToRefund,
    })
  ).order;
}
