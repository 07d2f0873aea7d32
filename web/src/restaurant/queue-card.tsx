import { useState, type FormEvent } from 'react';
import { orders } from '../api/endpoints';
import type { Order, OrderStatus } from '../api/types';
import { ErrorMessage } from '../components/error-message';
import { STATUS_WORDS } from '../customer/order-progress';
import { formatMoney } from '../lib/money';
import { formatClock } from '../lib/time';

/** The next step the kitchen takes for an order, if it has one. */
function nextStep(order: Order): { status: OrderStatus; label: string } | undefined {
  if (order.status === 'CONFIRMED') return { status: 'PREPARING', label: 'Accept and start preparing' };
  if (order.status === 'PREPARING') return { status: 'READY', label: 'Mark ready' };
  if (order.status === 'READY' && order.fulfillment === 'PICKUP')
    return { status: 'PICKED_UP', label: 'Picked up' };
  return undefined;
}

export function QueueCard({ order, onChanged }: { order: Order; onChanged(): void }) {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const step = nextStep(order);
  const short = order.orderId.slice(-6);

  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
      onChanged();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const reject = (event: FormEvent) => {
    event.preventDefault();
    void run(() => orders.cancel(order.orderId, reason.trim() || 'rejected by the restaurant'));
  };

  return (
    <li className="card queue-card" data-order-id={order.orderId} aria-label={`Order ${short}`}>
      <header className="row spread">
        <h3>Order …{short}</h3>
        <span className={`badge status-${order.status.toLowerCase()}`} data-status={order.status}>
          {STATUS_WORDS[order.status]}
        </span>
      </header>
      <p className="muted">
        {formatClock(order.createdAt)} · {order.fulfillment === 'PICKUP' ? 'pickup' : 'delivery'} ·{' '}
        {formatMoney(order.totalAmount)}
      </p>
      <ul className="plain">
        {order.items.map((line) => (
          <li key={line.menuItemId}>
            {line.quantity} × {line.name}
            {line.specialInstructions ? <em> — {line.specialInstructions}</em> : null}
          </li>
        ))}
      </ul>
      <div className="row actions">
        {step ? (
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={() => run(() => orders.setStatus(order.orderId, step.status))}
          >
            {step.label}
          </button>
        ) : (
          <span className="muted">
            {order.status === 'READY' ? 'Waiting for the courier' : 'With the courier'}
          </span>
        )}
        {(order.status === 'CONFIRMED' || order.status === 'PREPARING') && !rejecting ? (
          <button type="button" disabled={busy} onClick={() => setRejecting(true)}>
            Reject
          </button>
        ) : null}
      </div>
      {rejecting ? (
        <form className="row" onSubmit={reject}>
          <label className="grow">
            Reason for rejecting
            <input
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              placeholder="e.g. out of paneer"
            />
          </label>
          <button type="submit" disabled={busy}>
            Reject order
          </button>
          <button type="button" onClick={() => setRejecting(false)}>
            Keep it
          </button>
        </form>
      ) : null}
      <ErrorMessage error={error} />
    </li>
  );
}
