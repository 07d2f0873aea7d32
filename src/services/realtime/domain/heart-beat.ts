import { StompSyntaxError } from './stomp-frame.js';

/** What this server offers: how often it can send heart-beats, and how often it wants them (ms). */
export interface HeartBeatOffer {
  sendMs: number;
  expectMs: number;
}

/** The agreed intervals of one session; 0 means none in that direction. */
export interface HeartBeatPlan {
  /** The server sends an end-of-line at least this often when it has nothing else to send. */
  sendEveryMs: number;
  /** The client promised something at least this often; silence well beyond it ends the session. */
  expectEveryMs: number;
}

/**
 * STOMP 1.2 heart-beating: the client's `heart-beat: cx,cy` (it can send every cx ms, wants to receive
 * every cy ms) against the server's offer. Each direction runs at the slower of the two sides' wishes,
 * and not at all when either side says 0. A missing header means no heart-beats.
 */
export function negotiateHeartBeat(header: string | undefined, offer: HeartBeatOffer): HeartBeatPlan {
  if (header === undefined || header.trim() === '') return { sendEveryMs: 0, expectEveryMs: 0 };
  const match = /^\s*(\d{1,9})\s*,\s*(\d{1,9})\s*$/.exec(header);
  if (match === null) throw new StompSyntaxError('invalid heart-beat header');
  const clientSends = Number(match[1]);
  const clientWants = Number(match[2]);
  return {
    sendEveryMs: clientWants === 0 || offer.sendMs === 0 ? 0 : Math.max(offer.sendMs, clientWants),
    expectEveryMs: clientSends === 0 || offer.expectMs === 0 ? 0 : Math.max(offer.expectMs, clientSends),
  };
}

/** The CONNECTED frame's `heart-beat` value: what the server does, as `sx,sy`. */
export function heartBeatHeader(offer: HeartBeatOffer): string {
  return `${offer.sendMs},${offer.expectMs}`;
}
