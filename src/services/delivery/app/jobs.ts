import type { JobView, Page, PageQuery } from '../contract.js';
import { isActiveOrderStatus } from '../domain/offer-rules.js';
import { isUuid, type DeliveryContext } from './context.js';
import type { JobRecord } from './ports.js';

/** The courier's assignments: active ones first, then the newest. */
export async function listJobs(
  ctx: DeliveryContext,
  courierId: string,
  query: PageQuery,
): Promise<Page<JobView>> {
  const { rows, total } = await ctx.store.listJobs(courierId, {
    limit: query.size,
    offset: query.page * query.size,
  });
  return {
    content: rows.map(toJobView),
    page: query.page,
    size: query.size,
    totalElements: total,
    totalPages: Math.ceil(total / query.size),
  };
}

export async function getAssignment(ctx: DeliveryContext, orderId: string): Promise<JobView | null> {
  if (!isUuid(orderId)) return null;
  const job = await ctx.store.findJob(orderId);
  return job === undefined ? null : toJobView(job);
}

export function toJobView(job: JobRecord): JobView {
  return {
    orderId: job.orderId,
    courierId: job.courierId,
    restaurantId: job.restaurantId,
    restaurantName: job.details?.restaurantName ?? null,
    pickup: job.details?.pickup ?? null,
    dropOff: job.details?.dropOff ?? null,
    orderStatus: job.orderStatus,
    active: isActiveOrderStatus(job.orderStatus),
    assignedAt: job.assignedAt.toISOString(),
    lastLocation:
      job.lastLocation === null
        ? null
        : {
            latitude: job.lastLocation.latitude,
            longitude: job.lastLocation.longitude,
            at: job.lastLocation.at.toISOString(),
          },
  };
}
