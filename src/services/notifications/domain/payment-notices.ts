import { formatMoney, orderRef, toUser, type Notice } from './notice.js';

/** What a payment's notices need (a subset of PaymentProcessed v1). */
export interface PaymentOutcome {
  orderId: string;
  customerId: string;
  succeeded: boolean;
  amount: { amount: number; currency: string };
  failureCode?: string;
}

const FAILURE_TEXT: Record<string, string> = {
  card_declined: 'your card was declined',
  insufficient_funds: 'your card has insufficient funds',
  provider_timeout: 'the payment provider did not answer in time',
};

/** Only a failure is news: a success shows up as the order's confirmation. */
export function paymentNotices(payment: PaymentOutcome): Notice[] {
  if (payment.succeeded) return [];
  const why = FAILURE_TEXT[payment.failureCode ?? ''] ?? 'it could not be completed';
  return [
    {
      recipient: toUser(payment.customerId),
      kind: 'PAYMENT_FAILED',
      topic: 'ORDER_UPDATES',
      title: 'Payment failed',
      body:
        `Your payment of ${formatMoney(payment.amount)} for order ${orderRef(payment.orderId)} didn't go ` +
        `through: ${why}.`,
      data: { orderId: payment.orderId, failureCode: payment.failureCode ?? null },
    },
  ];
}
