import { AppError } from '../../../platform/errors/app-error.js';
import type { Principal } from '../../../platform/http/principal.js';
import {
  NotificationsErrors,
  restaurantRecipient,
  userRecipient,
  type ListNotificationsQuery,
  type NotificationPage,
  type NotificationView,
  type ReadAllResult,
} from '../contract.js';
import { countUnread, listInbox, markAllRead, markRead } from '../adapters/notifications.sql.js';
import type { NotificationsContext } from './context.js';

/** The inboxes a caller reads: their own, and those of the restaurants they work for. */
export function inboxesOf(principal: Pick<Principal, 'userId' | 'restaurantIds'>): string[] {
  return [userRecipient(principal.userId), ...principal.restaurantIds.map(restaurantRecipient)];
}

export async function listNotifications(
  ctx: NotificationsContext,
  recipients: string[],
  query: Partial<ListNotificationsQuery>,
): Promise<NotificationPage> {
  const page = query.page ?? 0;
  const size = Math.min(100, Math.max(1, query.size ?? 20));
  const { content, total } = await listInbox(ctx.sql, {
    recipients,
    unread: query.unread ?? false,
    page,
    size,
  });
  return { content, page, size, totalElements: total, totalPages: Math.ceil(total / size) };
}

export async function countUnreadNotifications(
  ctx: NotificationsContext,
  recipients: string[],
): Promise<{ count: number }> {
  return { count: await countUnread(ctx.sql, recipients) };
}

/** Marks one of the caller's notifications read; another inbox's id answers 404, like an unknown one. */
export async function readNotification(
  ctx: NotificationsContext,
  recipients: string[],
  id: string,
): Promise<NotificationView> {
  const updated = await markRead(ctx.sql, id, recipients, ctx.clock.now());
  if (updated === undefined) {
    throw new AppError(NotificationsErrors.NOTIFICATION_NOT_FOUND, 'No such notification.', {
      details: { id },
    });
  }
  return updated;
}

export async function readAllNotifications(
  ctx: NotificationsContext,
  recipients: string[],
): Promise<ReadAllResult> {
  return { updated: await markAllRead(ctx.sql, recipients, ctx.clock.now()) };
}
