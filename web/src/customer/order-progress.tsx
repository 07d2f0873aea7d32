import type { Order, OrderStatus } from '../api/types';

const DELIVERY_STEPS: OrderStatus[] = ['CONFIRMED', 'PREPARING', 'READY', 'OUT_FOR_DELIVERY', 'DELIVERED'];
const PICKUP_STEPS: OrderStatus[] = ['CONFIRMED', 'PREPARING', 'READY', 'PICKED_UP'];

export const STATUS_WORDS: Record<OrderStatus, string> = {
  PENDING: 'Waiting for payment',
  CONFIRMED: 'Confirmed',
  PREPARING: 'Being prepared',
  READY: 'Ready',
  OUT_FOR_DELIVERY: 'Out for delivery',
  DELIVERED: 'Delivered',
  PICKED_UP: 'Picked up',
  CANCELLED: 'Cancelled',
};

/** The order's steps as a list: done, current (aria-current) and still to come; no map needed. */
export function OrderProgress({ order }: { order: Pick<Order, 'status' | 'fulfillment'> }) {
  const steps = order.fulfillment === 'PICKUP' ? PICKUP_STEPS : DELIVERY_STEPS;
  const at = steps.indexOf(order.status);
  return (
    <ol className="progress" aria-label="Order progress">
      {steps.map((step, i) => {
        const state = at === -1 ? 'todo' : i < at ? 'done' : i === at ? 'current' : 'todo';
        return (
          <li key={step} className={`step ${state}`} aria-current={state === 'current' ? 'step' : undefined}>
            <span className="dot" aria-hidden="true">
              {state === 'done' ? '✓' : i + 1}
            </span>
            <span>{STATUS_WORDS[step]}</span>
            <span className="sr-only">
              {state === 'done' ? ' (done)' : state === 'todo' ? ' (to come)' : ''}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
