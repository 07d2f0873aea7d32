import { useState } from 'react';
import { isMissingRoute } from '../api/client';
import { operations } from '../api/endpoints';
import type { DeadLetterItem } from '../api/types';
import { ErrorMessage } from '../components/error-message';
import { formatDateTime } from '../lib/time';
import { useAsync } from '../lib/use-async';
import { usePolling } from '../lib/use-polling';

const itemsOf = (answer: DeadLetterItem[] | { content: DeadLetterItem[] } | undefined) =>
  answer === undefined ? [] : Array.isArray(answer) ? answer : answer.content;

/** The dead-letter queue: events a consumer gave up on, with their error, and a redrive button each. */
export function DeadLetterPanel() {
  const letters = useAsync(() => operations.deadLetters(), []);
  usePolling(letters.reload, 10_000, !isMissingRoute(letters.error));
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<string>();

  if (isMissingRoute(letters.error)) {
    return (
      <section className="card" aria-label="Dead-letter queue">
        <h2>Dead-letter queue</h2>
        <p className="muted">
          Not available over HTTP on this deployment: use <code>sattzabite dlq list</code>.
        </p>
      </section>
    );
  }
  const redrive = async (id: string | number) => {
    setError(undefined);
    setDone(undefined);
    try {
      await operations.redrive(id);
      setDone(`Redriven ${id}.`);
    } catch (failure) {
      setError(failure);
    }
    letters.reload();
  };
  const list = itemsOf(letters.data);

  return (
    <section className="card" aria-label="Dead-letter queue">
      <h2>Dead-letter queue</h2>
      <ErrorMessage error={error ?? letters.error} />
      {done ? (
        <p className="ok" role="status">
          {done}
        </p>
      ) : null}
      {letters.data && list.length === 0 ? <p className="muted">Empty: every event was handled.</p> : null}
      <ul className="plain stack">
        {list.map((letter) => (
          <li key={String(letter.id)} className="row spread letter">
            <span className="grow">
              <strong>{letter.eventType ?? letter.event?.type ?? 'event'}</strong> in{' '}
              {letter.consumer ?? letter.service ?? '?'}
              {letter.attempts === undefined ? '' : ` after ${letter.attempts} attempts`}
              {letter.failedAt ? `, ${formatDateTime(letter.failedAt)}` : ''}
              <br />
              <span className="muted">{letter.error}</span>
            </span>
            <button type="button" onClick={() => redrive(letter.id)} aria-label={`Redrive ${letter.id}`}>
              Redrive
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
