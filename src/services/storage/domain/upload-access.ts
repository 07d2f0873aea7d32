import { Roles } from '../../auth/index.js';
import type { FilePurpose } from '../contract.js';

export interface UploadActor {
  userId: string;
  roles: readonly string[];
  restaurantIds: readonly string[];
}

/** The roles that may upload a restaurant's or a menu item's image at all; staff only at their restaurants. */
const RESTAURANT_IMAGE_ROLES: readonly string[] = [
  Roles.RESTAURANT_STAFF,
  Roles.RESTAURANT_ADMIN,
  Roles.SYSTEM_ADMIN,
];

/** Whether the actor's roles allow this purpose before its owner is even looked up. */
export function mayUploadPurpose(actor: UploadActor, purpose: FilePurpose): boolean {
  if (purpose === 'AVATAR') return true;
  return actor.roles.some((role) => RESTAURANT_IMAGE_ROLES.includes(role));
}

/** A system admin uploads for any restaurant; staff and restaurant admins only for theirs. */
export function mayUploadForRestaurant(actor: UploadActor, restaurantId: string): boolean {
  if (actor.roles.includes(Roles.SYSTEM_ADMIN)) return true;
  const atRestaurant = actor.roles.some(
    (role) => role === Roles.RESTAURANT_STAFF || role === Roles.RESTAURANT_ADMIN,
  );
  return atRestaurant && actor.restaurantIds.includes(restaurantId);
}

/** An avatar is always the uploader's own. */
export function mayUploadAvatar(actor: UploadActor, userId: string): boolean {
  return actor.userId === userId;
}
