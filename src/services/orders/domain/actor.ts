/**
 * Who asks for a change. A user carries the roles and restaurants of their verified token; the system is
 * the saga itself (payment outcomes, timeouts). Events record only the reference: id and the role acted in.
 */
export type Actor =
  | { kind: 'user'; userId: string; roles: readonly string[]; restaurantIds: readonly string[] }
  | { kind: 'system' };

export interface ActorRef {
  id: string;
  role: string;
}

export const SYSTEM_ACTOR: Actor = { kind: 'system' };
export const SYSTEM_REF: ActorRef = { id: 'system', role: 'SYSTEM' };

export const Roles = {
  CUSTOMER: 'CUSTOMER',
  RESTAURANT_STAFF: 'RESTAURANT_STAFF',
  RESTAURANT_ADMIN: 'RESTAURANT_ADMIN',
  DELIVERY_PARTNER: 'DELIVERY_PARTNER',
  SYSTEM_ADMIN: 'SYSTEM_ADMIN',
} as const;

/** The capacities in which an actor may act on one order; an actor may hold several (a staff member ordering). */
export type Capacity = 'SYSTEM' | 'ADMIN' | 'STAFF' | 'COURIER' | 'CUSTOMER';

export interface OrderParties {
  customerId: string;
  restaurantId: string;
  courierId: string | null;
}

export function capacitiesOf(actor: Actor, order: OrderParties): Map<Capacity, ActorRef> {
  const found = new Map<Capacity, ActorRef>();
  if (actor.kind === 'system') {
    found.set('SYSTEM', SYSTEM_REF);
    return found;
  }
  const has = (role: string) => actor.roles.includes(role);
  const ref = (role: string): ActorRef => ({ id: actor.userId, role });
  if (has(Roles.SYSTEM_ADMIN)) found.set('ADMIN', ref(Roles.SYSTEM_ADMIN));
  if (actor.restaurantIds.includes(order.restaurantId)) {
    // The admin role is the stronger of the two: it is the one recorded when a user holds both.
    if (has(Roles.RESTAURANT_ADMIN)) found.set('STAFF', ref(Roles.RESTAURANT_ADMIN));
    else if (has(Roles.RESTAURANT_STAFF)) found.set('STAFF', ref(Roles.RESTAURANT_STAFF));
  }
  if (has(Roles.DELIVERY_PARTNER) && order.courierId !== null && order.courierId === actor.userId) {
    found.set('COURIER', ref(Roles.DELIVERY_PARTNER));
  }
  if (has(Roles.CUSTOMER) && actor.userId === order.customerId) found.set('CUSTOMER', ref(Roles.CUSTOMER));
  return found;
}

/** Whether the actor may read the order (detail, timeline): its customer, its restaurant, its courier, an admin. */
export function canView(actor: Actor, order: OrderParties): boolean {
  if (actor.kind === 'system') return true;
  if (actor.roles.includes(Roles.SYSTEM_ADMIN)) return true;
  if (actor.userId === order.customerId) return true;
  if (order.courierId !== null && actor.userId === order.courierId) return true;
  const staff = actor.roles.includes(Roles.RESTAURANT_STAFF) || actor.roles.includes(Roles.RESTAURANT_ADMIN);
  return staff && actor.restaurantIds.includes(order.restaurantId);
}
