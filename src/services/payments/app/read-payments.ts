import { AppError } from '../../../platform/errors/app-error.js';
import type { Principal } from '../../../platform/http/principal.js';
import { Roles } from '../../auth/index.js';
import { PaymentsErrors, type ListPaymentsQuery, type PaymentPage, type PaymentView } from '../contract.js';
import { maskedCard } from '../domain/masking.js';
import type { PaymentRecord, RefundRecord } from '../domain/payment.js';
import { paymentsRepo } from '../adapters/payments.sql.js';
import type { PaymentsContext } from './context.js';

/**
 * Who may read a payment: the customer who paid and SYSTEM_ADMIN. Anyone else gets the same 404 as for a
 * payment that does not exist, so payment and order ids cannot be probed (a 403 would confirm them).
 */
function mayRead(principal: Principal, payment: PaymentRecord): boolean {
  return principal.roles.includes(Roles.SYSTEM_ADMIN) || payment.customerId === principal.userId;
}

/**
 * The order's payments. An admin sees an empty page for an order without payments; anyone else gets 404
 * both for that and for someone else's order, since the two must look alike.
 */
export async function listOrderPayments(
  ctx: PaymentsContext,
  principal: Principal,
  query: ListPaymentsQuery,
): Promise<PaymentPage> {
  const repo = paymentsRepo(ctx.sql);
  const { payments, total } = await repo.listByOrder(query.orderId, {
    limit: query.size,
    offset: query.page * query.size,
  });
  const isAdmin = principal.roles.includes(Roles.SYSTEM_ADMIN);
  if (!isAdmin && (total === 0 || payments.some((payment) => !mayRead(principal, payment)))) {
    throw notFound('No payments of yours for this order.', { orderId: query.orderId });
  }
  const refunds = await repo.findRefunds([query.orderId]);
  return {
    content: payments.map((payment) =>
      toView(
        payment,
        refunds.find((r) => r.paymentId === payment.id),
      ),
    ),
    page: query.page,
    size: query.size,
    totalElements: total,
    totalPages: Math.ceil(total / query.size),
  };
}

export async function getPayment(
  ctx: PaymentsContext,
  principal: Principal,
  paymentId: string,
): Promise<PaymentView> {
  const repo = paymentsRepo(ctx.sql);
  const payment = await repo.findById(paymentId);
  if (payment === undefined || !mayRead(principal, payment)) {
    throw notFound('No such payment.', { paymentId });
  }
  return toView(payment, await repo.findRefund(payment.orderId));
}

function notFound(message: string, details: Record<string, unknown>): AppError {
  return new AppError(PaymentsErrors.NOT_FOUND, message, { details });
}

function toView(payment: PaymentRecord, refund: RefundRecord | undefined): PaymentView {
  return {
    paymentId: payment.id,
    orderId: payment.orderId,
    customerId: payment.customerId,
    method: payment.method,
    status: payment.status,
    amount: payment.amount,
    ...(payment.card === null ? {} : { card: { ...payment.card, masked: maskedCard(payment.card.last4) } }),
    ...(payment.failureCode === null ? {} : { failureCode: payment.failureCode }),
    ...(payment.failureMessage === null ? {} : { failureMessage: payment.failureMessage }),
    ...(refund === undefined || refund.status !== 'REFUNDED' || refund.paymentId !== payment.id
      ? {}
      : {
          refund: {
            refundId: refund.id,
            amount: refund.amount,
            reason: refund.reason,
            refundedAt: refund.createdAt.toISOString(),
          },
        }),
    createdAt: payment.createdAt.toISOString(),
    updatedAt: payment.updatedAt.toISOString(),
  };
}
