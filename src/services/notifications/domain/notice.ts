import type { NotificationKind } from '../contract.js';
import { restaurantRecipient, userRecipient } from '../contract.js';

/** Which preference decides a notice's channels (the users service's notification kinds). */
export type NoticeTopic = 'ORDER_UPDATES' | 'RESTAURANT_UPDATES';

/** Who a notice is for: a person has preferences and contact details; a restaurant has only an inbox. */
export type Recipient = { type: 'user'; userId: string } | { type: 'restaurant'; restaurantId: string };

/** One message to one recipient, decided from one event; channels are chosen later, from preferences. */
export interface Notice {
  recipient: Recipient;
  kind: NotificationKind;
  topic: NoticeTopic;
  title: string;
  body: string;
  data: Record<string, unknown>;
}

export const toUser = (userId: string): Recipient => ({ type: 'user', userId });
export const toRestaurant = (restaurantId: string): Recipient => ({ type: 'restaurant', restaurantId });

/** The inbox key of a recipient. */
export function recipientKey(recipient: Recipient): string {
  return recipient.type === 'user'
    ? userRecipient(recipient.userId)
    : restaurantRecipient(recipient.restaurantId);
}

/** A short reference people can read out: the end of the id, which is its random part in a UUID v7. */
export function orderRef(orderId: string): string {
  return `#${orderId.replace(/-/g, '').slice(-6).toUpperCase()}`;
}

const rupees = new Intl.NumberFormat('en-IN', { style: 'currency', currency: 'INR' });

/** Minor units as people read them: 45000 → ₹450.00. */
export function formatMoney(money: { amount: number; currency: string }): string {
  return money.currency === 'INR'
    ? rupees.format(money.amount / 100)
    : `${money.amount / 100} ${money.currency}`;
}

/** "from Saffron Courtyard", or nothing when the name could not be looked up. */
export function fromRestaurant(name: string | null): string {
  return name === null ? '' : ` from ${name}`;
}

/** A reason as the end of a sentence: ": Kitchen closed early." or "." */
export function withReason(reason: string | undefined): string {
  const trimmed = reason?.trim();
  if (trimmed === undefined || trimmed === '') return '.';
  return `: ${trimmed}${/[.!?]$/.test(trimmed) ? '' : '.'}`;
}
