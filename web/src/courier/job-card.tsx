import type { DeliveryJob, Point } from '../api/types';
import { formatPoint } from '../lib/geo';

const STEP_WORDS: Record<string, string> = {
  READY: 'Go to the restaurant and pick it up',
  OUT_FOR_DELIVERY: 'On the way to the customer',
  DELIVERED: 'Delivered',
  CANCELLED: 'Cancelled',
};

interface Props {
  job: DeliveryJob;
  where: Point | undefined;
  busy: boolean;
  onStatus(orderId: string, status: 'OUT_FOR_DELIVERY' | 'DELIVERED'): void;
  onLocation(orderId: string): void;
}

export function JobCard({ job, where, busy, onStatus, onLocation }: Props) {
  const short = job.orderId.slice(-6);
  return (
    <li className="card job" data-order-id={job.orderId} aria-label={`Job ${short}`}>
      <header className="row spread">
        <h3>
          {job.restaurantName ?? 'Restaurant'} · …{short}
        </h3>
        <span className="badge" data-status={job.orderStatus}>
          {STEP_WORDS[job.orderStatus] ?? job.orderStatus}
        </span>
      </header>
      {job.dropOff ? (
        <p>
          Deliver to {job.dropOff.line1}, {job.dropOff.city} {job.dropOff.postcode}
        </p>
      ) : null}
      {job.lastLocation ? <p className="muted">Last sent position: {formatPoint(job.lastLocation)}</p> : null}
      <div className="row actions">
        {job.orderStatus === 'READY' ? (
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={() => onStatus(job.orderId, 'OUT_FOR_DELIVERY')}
          >
            Picked up
          </button>
        ) : null}
        {job.orderStatus === 'OUT_FOR_DELIVERY' ? (
          <>
            <button
              type="button"
              disabled={busy || where === undefined}
              onClick={() => onLocation(job.orderId)}
            >
              Send my location
            </button>
            <button
              type="button"
              className="primary"
              disabled={busy}
              onClick={() => onStatus(job.orderId, 'DELIVERED')}
            >
              Delivered
            </button>
          </>
        ) : null}
      </div>
    </li>
  );
}
