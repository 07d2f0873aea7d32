import { useEffect, useState } from 'react';
import { delivery, orders } from '../api/endpoints';
import type { Point } from '../api/types';
import { useStompTopic } from '../api/use-stomp-topic';
import { useSession } from '../auth/session';
import { ErrorMessage } from '../components/error-message';
import { LiveBadge } from '../components/live-badge';
import { useAsync } from '../lib/use-async';
import { JobCard } from './job-card';
import { LocationPicker } from './location-picker';
import { OfferList } from './offer-list';

export function CourierPage() {
  const { user } = useSession();
  const status = useAsync(() => delivery.status(), []);
  const online = status.data?.online ?? false;
  const offers = useAsync(() => (online ? delivery.offers() : Promise.resolve(undefined)), [online]);
  const jobs = useAsync(() => delivery.jobs(), []);
  const [where, setWhere] = useState<Point>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  // The jobs list follows the orders service's events, a moment behind our own changes: what the orders
  // service answered us is shown until the list catches up.
  const [answered, setAnswered] = useState<Record<string, string>>({});

  useEffect(() => {
    const known = status.data;
    if (where === undefined && known?.latitude != null && known.longitude != null) {
      setWhere({ latitude: known.latitude, longitude: known.longitude });
    }
  }, [status.data, where]);

  const refresh = () => {
    if (online) offers.reload();
    jobs.reload();
  };
  const mode = useStompTopic(user ? `/topic/couriers/${user.id}/jobs` : undefined, refresh);

  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
      refresh();
    } catch (failure) {
      setError(failure);
      refresh();
    } finally {
      setBusy(false);
    }
  };
  const goOnline = (next: boolean) =>
    run(async () => {
      if (where === undefined) throw new Error('Choose where you are first.');
      status.setData(await delivery.setOnline(next, where));
    });
  const active = (jobs.data?.content ?? [])
    .map((job) => ({ ...job, orderStatus: furthest(job.orderStatus, answered[job.orderId]) }))
    .filter((job) => job.active && !FINAL.includes(job.orderStatus));

  return (
    <section>
      <header className="row spread">
        <h1>Deliveries</h1>
        <LiveBadge mode={mode} />
      </header>
      <LocationPicker where={where} onChange={setWhere} />
      <div className="row">
        <button
          type="button"
          role="switch"
          aria-checked={online}
          aria-label="Online for deliveries"
          className={online ? 'switch on' : 'switch'}
          disabled={busy || status.data === undefined}
          onClick={() => goOnline(!online)}
        >
          {online ? 'Online' : 'Offline'}
        </button>
        {online && where ? (
          <button type="button" disabled={busy} onClick={() => goOnline(true)}>
            Update my position
          </button>
        ) : null}
      </div>
      <ErrorMessage error={error ?? status.error} />
      <h2>Your jobs</h2>
      {active.length === 0 ? <p className="muted">No active job.</p> : null}
      <ul className="plain stack" aria-label="Your jobs">
        {active.map((job) => (
          <JobCard
            key={job.orderId}
            job={job}
            where={where}
            busy={busy}
            onStatus={(orderId, next) =>
              run(async () => {
                const order = await orders.setStatus(orderId, next);
                setAnswered((known) => ({ ...known, [orderId]: order.status }));
              })
            }
            onLocation={(orderId) => run(async () => where && delivery.sendLocation(orderId, where))}
          />
        ))}
      </ul>
      <h2>Offered jobs</h2>
      {online ? (
        <>
          <ErrorMessage error={offers.error} />
          <OfferList
            offers={offers.data?.content ?? []}
            busy={busy}
            onAccept={(orderId) => run(() => delivery.accept(orderId))}
          />
        </>
      ) : (
        <p className="muted">Go online to see jobs near you.</p>
      )}
    </section>
  );
}

const FINAL = ['DELIVERED', 'CANCELLED'];
const ORDER = ['READY', 'OUT_FOR_DELIVERY', 'DELIVERED', 'CANCELLED'];

function furthest(listed: string, answered: string | undefined): string {
  if (answered === undefined) return listed;
  return ORDER.indexOf(answered) > ORDER.indexOf(listed) ? answered : listed;
}
