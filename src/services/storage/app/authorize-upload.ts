import { AppError, CommonErrors, hasCode } from '../../../platform/errors/app-error.js';
import { RESTAURANT_NOT_FOUND_UPSTREAM, StorageErrors, type FilePurpose } from '../contract.js';
import {
  mayUploadAvatar,
  mayUploadForRestaurant,
  mayUploadPurpose,
  type UploadActor,
} from '../domain/upload-access.js';
import type { StorageContext } from './context.js';

/** What a file is for, once the uploader is known to be allowed. */
export interface UploadTarget {
  purpose: FilePurpose;
  /** The restaurant, menu item or (for an avatar) user the file belongs to. */
  ownerId: string;
}

/**
 * Checks that `actor` may upload a file for this purpose and owner, before a byte of the file is read:
 * 403 `COMMON.FORBIDDEN` for the wrong role or someone else's restaurant, 404 `STORAGE.OWNER_NOT_FOUND`
 * for a restaurant or menu item that does not exist. An avatar's owner is the uploader when not given.
 */
export async function authorizeUpload(
  ctx: StorageContext,
  actor: UploadActor,
  purpose: FilePurpose,
  ownerId: string | undefined,
): Promise<UploadTarget> {
  if (!mayUploadPurpose(actor, purpose)) {
    throw forbidden(`Only restaurant staff can upload a ${purpose}.`);
  }
  if (purpose === 'AVATAR') {
    const owner = ownerId ?? actor.userId;
    if (!mayUploadAvatar(actor, owner)) throw forbidden('An avatar can only be uploaded by its own user.');
    return { purpose, ownerId: owner };
  }
  if (ownerId === undefined) {
    throw new AppError(StorageErrors.INVALID_UPLOAD, `A ${purpose} needs an ownerId.`, {
      details: { field: 'ownerId' },
    });
  }
  const restaurantId = purpose === 'RESTAURANT_IMAGE' ? ownerId : await restaurantOfItem(ctx, ownerId);
  if (!mayUploadForRestaurant(actor, restaurantId)) {
    throw forbidden("Only this restaurant's staff can upload its images.");
  }
  if (purpose === 'RESTAURANT_IMAGE') await assertRestaurantExists(ctx, restaurantId);
  return { purpose, ownerId };
}

async function restaurantOfItem(ctx: StorageContext, itemId: string): Promise<string> {
  const { items } = await ctx.catalog.getItems({ ids: [itemId] });
  const item = items.find((candidate) => candidate.id === itemId);
  if (item === undefined || item.deleted) throw ownerNotFound('menu item', itemId);
  return item.restaurantId;
}

async function assertRestaurantExists(ctx: StorageContext, restaurantId: string): Promise<void> {
  try {
    await ctx.restaurants.getRestaurant({ id: restaurantId });
  } catch (error) {
    if (hasCode(error, RESTAURANT_NOT_FOUND_UPSTREAM)) throw ownerNotFound('restaurant', restaurantId);
    throw error;
  }
}

function forbidden(message: string): AppError {
  return new AppError(CommonErrors.FORBIDDEN, message);
}

function ownerNotFound(kind: string, ownerId: string): AppError {
  return new AppError(StorageErrors.OWNER_NOT_FOUND, `No such ${kind}.`, { details: { ownerId } });
}
