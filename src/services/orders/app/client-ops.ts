import { Type } from 'typebox';
import { AppError } from '../../../platform/errors/app-error.js';
import { OrdersErrors, type OrdersClient } from '../contract.js';
import { Uuid } from '../orders.schemas.js';
import { findOrderView } from '../read/order-queries.js';
import { toSummary } from '../read/order-view.js';
import type { OrdersContext } from './context.js';
import { executeOrderCommand } from './order-stream.js';
import { inputChecker } from '../../../platform/clients/index.js';

const checkGet = inputChecker<{ orderId: string }>('orders.getOrder', Type.Object({ orderId: Uuid }));
const checkAssign = inputChecker<{ orderId: string; courierId: string }>(
  'orders.assignCourier',
  Type.Object({ orderId: Uuid, courierId: Uuid }),
);
const checkLocation = inputChecker<{
  orderId: string;
  courierId: string;
  latitude: number;
  longitude: number;
}>(
  'orders.recordCourierLocation',
  Type.Object({
    orderId: Uuid,
    courierId: Uuid,
    latitude: Type.Number({ minimum: -90, maximum: 90 }),
    longitude: Type.Number({ minimum: -180, maximum: 180 }),
  }),
);

/** The operations other services call (see `OrdersClient`). */
export function ordersHandlers(ctx: OrdersContext): OrdersClient {
  const summary = async (orderId: string) => {
    const view = await findOrderView(ctx.sql, orderId);
    if (view === null) throw new AppError(OrdersErrors.NOT_FOUND, 'No such order.', { details: { orderId } });
    return toSummary(view);
  };
  return {
    getOrder: async (raw) => summary(checkGet(raw).orderId),

    async assignCourier(raw) {
      const input = checkAssign(raw);
      await executeOrderCommand(ctx, input.orderId, { type: 'AssignCourier', courierId: input.courierId });
      return summary(input.orderId);
    },

    async recordCourierLocation(raw) {
      const input = checkLocation(raw);
      const view = await findOrderView(ctx.sql, input.orderId);
      if (view === null) throw new AppError(OrdersErrors.NOT_FOUND, 'No such order.');
      if (view.courierId !== input.courierId) {
        throw new AppError(OrdersErrors.FORBIDDEN_TRANSITION, 'This courier is not assigned to the order.', {
          details: { orderId: input.orderId },
        });
      }
      await ctx.sql.query(
        `INSERT INTO orders.courier_positions (order_id, courier_id, latitude, longitude, at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (order_id) DO UPDATE SET courier_id = EXCLUDED.courier_id,
           latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude, at = EXCLUDED.at`,
        [input.orderId, input.courierId, input.latitude, input.longitude, ctx.clock.now()],
      );
      return { recorded: true as const };
    },
  };
}
