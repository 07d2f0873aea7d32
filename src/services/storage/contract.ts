import { Type, type Static } from 'typebox';
import { defineServiceContract } from '../../platform/clients/index.js';
import type { CatalogClient } from '../catalog/index.js';

/**
 * The storage service's public face: uploaded files (images of restaurants, menu items and avatars) and
 * their metadata. `POST /api/storage/upload` takes one image as multipart/form-data; `GET
 * /api/storage/files/{id}` serves it to anyone, cached for a year (a file never changes under its id).
 * The blobs live in a local directory (embedded) or an S3-compatible bucket; the metadata in the `storage`
 * schema. It publishes and consumes no events.
 */

export const FILE_PURPOSES = ['RESTAURANT_IMAGE', 'MENU_ITEM_IMAGE', 'AVATAR'] as const;
export type FilePurpose = (typeof FILE_PURPOSES)[number];

/** The image types accepted, recognised by their bytes, never by a name or a declared type. */
export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

/** The longest client file name kept (as metadata only), in characters. */
export const MAX_ORIGINAL_NAME_LENGTH = 200;

/** The path a file is served at; what `url` holds and what menu items and restaurants store. */
export const fileUrl = (id: string): string => `/api/storage/files/${id}`;

export const StorageErrors = {
  /** The form is not as the route asks: a field missing, unknown or repeated, no file, fields after it. */
  INVALID_UPLOAD: 'STORAGE.INVALID_UPLOAD',
  /** The request is not multipart/form-data. */
  NOT_MULTIPART: 'STORAGE.NOT_MULTIPART',
  /** The file's bytes are not a JPEG, PNG or WebP image, whatever its name or declared type says. */
  UNSUPPORTED_TYPE: 'STORAGE.UNSUPPORTED_TYPE',
  /** The file is over the UPLOAD_MAX_BYTES setting. */
  FILE_TOO_LARGE: 'STORAGE.FILE_TOO_LARGE',
  /** The restaurant or menu item the file is for does not exist (or was removed). */
  OWNER_NOT_FOUND: 'STORAGE.OWNER_NOT_FOUND',
  FILE_NOT_FOUND: 'STORAGE.FILE_NOT_FOUND',
  /** The blob store failed; nothing was stored, the upload may be sent again. */
  UNAVAILABLE: 'STORAGE.UNAVAILABLE',
} as const;
export type StorageErrorCode = (typeof StorageErrors)[keyof typeof StorageErrors];

export const storageErrorStatuses: Record<StorageErrorCode, number> = {
  [StorageErrors.INVALID_UPLOAD]: 400,
  [StorageErrors.NOT_MULTIPART]: 415,
  [StorageErrors.UNSUPPORTED_TYPE]: 415,
  [StorageErrors.FILE_TOO_LARGE]: 413,
  [StorageErrors.OWNER_NOT_FOUND]: 404,
  [StorageErrors.FILE_NOT_FOUND]: 404,
  [StorageErrors.UNAVAILABLE]: 503,
};

export const Uuid = Type.String({ format: 'uuid' });

/** A stored file as the upload answers it and the client returns it. */
export const FileView = Type.Object({
  id: Uuid,
  /** Where the bytes are served: `/api/storage/files/{id}`, relative to the API's origin. */
  url: Type.String(),
  contentType: Type.Enum([...IMAGE_TYPES]),
  size: Type.Integer(),
  /** The strong ETag the file is served with (quotes included), from its SHA-256. */
  etag: Type.String(),
  /** The client's file name, cleaned, for display only; the stored name is generated. */
  originalName: Type.Union([Type.String(), Type.Null()]),
  purpose: Type.Enum([...FILE_PURPOSES]),
  /** The restaurant, menu item or user the file belongs to. */
  ownerId: Uuid,
  uploadedBy: Uuid,
  createdAt: Type.String(),
});
export type FileView = Static<typeof FileView>;

// ---- what storage needs from other services -----------------------------------------------------------------

/** The code the restaurants service answers an unknown restaurant with. */
export const RESTAURANT_NOT_FOUND_UPSTREAM = 'RESTAURANTS.NOT_FOUND';

/** Storage asks the restaurants service only whether a restaurant exists. */
export interface RestaurantsLookup {
  /** Throws an AppError with code `RESTAURANTS.NOT_FOUND` for an unknown id. */
  getRestaurant(input: { id: string }): Promise<{ id: string }>;
}

/** Storage asks the catalog for a menu item's restaurant. */
export type MenuItemsLookup = Pick<CatalogClient, 'getItems'>;

// ---- client operations -------------------------------------------------------------------------------------

/** What other services call. */
export interface StorageClient {
  /** A file's metadata; `STORAGE.FILE_NOT_FOUND` for an unknown id. */
  getFile(input: { id: string }): Promise<FileView>;
}

export type StorageOperations = { [K in keyof StorageClient]: StorageClient[K] };

export const storageContract = defineServiceContract<StorageOperations>('storage', {
  getFile: { idempotent: true },
});
