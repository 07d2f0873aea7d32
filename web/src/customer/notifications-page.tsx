import { useState } from 'react';
import { notifications } from '../api/endpoints';
import type { NotificationItem } from '../api/types';
import { useEventStream } from '../api/use-event-stream';
import { ErrorMessage } from '../components/error-message';
import { LiveBadge } from '../components/live-badge';
import { Loading } from '../components/loading';
import { Link } from '../lib/router';
import { formatDateTime } from '../lib/time';
import { useAsync } from '../lib/use-async';

export function NotificationsPage() {
  const list = useAsync(() => notifications.list(), []);
  const [error, setError] = useState<unknown>();
  const mode = useEventStream('/api/notifications/stream', list.reload);

  const act = async (work: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await work();
      list.reload();
    } catch (failure) {
      setError(failure);
    }
  };
  const unread = list.data?.content.filter((n) => n.readAt === null).length ?? 0;

  return (
    <section>
      <header className="row spread">
        <h1>Notifications</h1>
        <LiveBadge mode={mode} />
      </header>
      <p className="row">
        <span className="grow">{unread === 0 ? 'All read.' : `${unread} unread`}</span>
        <button type="button" disabled={unread === 0} onClick={() => act(notifications.readAll)}>
          Mark all read
        </button>
      </p>
      <ErrorMessage error={error ?? list.error} />
      {list.loading && list.data === undefined ? <Loading what="notifications" /> : null}
      <ul className="plain stack" aria-label="Notifications">
        {list.data?.content.map((item) => (
          <Notification key={item.id} item={item} onRead={() => act(() => notifications.read(item.id))} />
        ))}
      </ul>
    </section>
  );
}

function Notification({ item, onRead }: { item: NotificationItem; onRead(): void }) {
  const orderId = typeof item.data.orderId === 'string' ? item.data.orderId : undefined;
  return (
    <li className={`card notification ${item.readAt === null ? 'unread' : ''}`}>
      <h2>{item.title}</h2>
      <p>{item.body}</p>
      <p className="row muted">
        <span className="grow">{formatDateTime(item.createdAt)}</span>
        {orderId ? <Link to={`/orders/${orderId}`}>See the order</Link> : null}
        {item.readAt === null ? (
          <button type="button" onClick={onRead} aria-label={`Mark "${item.title}" read`}>
            Mark read
          </button>
        ) : null}
      </p>
    </li>
  );
}
