import { createInbox, headers, type Msg, type NatsConnection } from '@nats-io/transport-node';

/** Publishes to JetStream and resolves once the stream has stored the message (or dropped it as a duplicate). */
export interface JetStreamPublisher {
  publish(subject: string, data: string, msgId: string): Promise<void>;
  /** Rejects what still waits for its acknowledgement and stops listening for more. */
  close(reason: Error): void;
}

interface Waiting {
  resolve: () => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * JetStream publishes whose acknowledgements come back on one subscription of the connection, matched by
 * the reply subject's last token. The client's request path (what `js.publish` uses) sets up a reply
 * entry, a promise chain and two Error objects per publish, one of them built even on success: that was
 * most of the relay's CPU per event, and twice the time per batch of these. The message is the same (the
 * stream deduplicates on `Nats-Msg-Id`), and so is the outcome: a publish resolves on the stream's
 * acknowledgement and rejects on its error, on "no responders" (no stream takes the subject) or after
 * `timeoutMs`. Publishes go out on the connection in call order.
 */
export function createJetStreamPublisher(nc: NatsConnection, timeoutMs: number): JetStreamPublisher {
  const prefix = createInbox();
  const waiting = new Map<string, Waiting>();
  let next = 0;

  const settle = (token: string, error: Error | undefined): void => {
    const entry = waiting.get(token);
    if (entry === undefined) return;
    waiting.delete(token);
    clearTimeout(entry.timer);
    if (error === undefined) entry.resolve();
    else entry.reject(error);
  };

  const subscription = nc.subscribe(`${prefix}.*`, {
    callback: (error, msg) => {
      // An error of the subscription itself (it was closed): the timers reject what waits.
      if (error !== null) return;
      settle(msg.subject.slice(prefix.length + 1), ackError(msg));
    },
  });

  return {
    publish(subject, data, msgId) {
      const token = (next += 1).toString(36);
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => settle(token, new Error(`no acknowledgement from JetStream within ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiting.set(token, { resolve, reject, timer });
        const h = headers();
        h.set('Nats-Msg-Id', msgId);
        try {
          nc.publish(subject, data, { headers: h, reply: `${prefix}.${token}` });
        } catch (error) {
          settle(token, error instanceof Error ? error : new Error(String(error)));
        }
      });
    },
    close(reason) {
      subscription.unsubscribe();
      for (const token of [...waiting.keys()]) settle(token, reason);
    },
  };
}

/** The stream's answer: undefined when it stored the message (or had it already), the failure otherwise. */
function ackError(msg: Msg): Error | undefined {
  // No subscriber for the subject: the server answers with a 503 status and no payload.
  if (msg.data.length === 0) {
    const code = msg.headers?.code ?? 0;
    return new Error(code === 503 ? 'no JetStream stream takes this subject' : `empty answer (${code})`);
  }
  let ack: { stream?: unknown; error?: { description?: unknown } };
  try {
    ack = msg.json();
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
  if (ack.error !== undefined) return new Error(`JetStream refused: ${String(ack.error.description)}`);
  return typeof ack.stream === 'string' ? undefined : new Error('JetStream answered without a stream');
}
