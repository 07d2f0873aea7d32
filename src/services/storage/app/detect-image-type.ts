import { fileTypeFromBuffer } from 'file-type';
import { AppError } from '../../../platform/errors/app-error.js';
import { IMAGE_TYPES, StorageErrors, type ImageType } from '../contract.js';

/**
 * The image type of `bytes`, read from their signature: a name or a declared Content-Type proves nothing
 * (an executable renamed `.png` is still an executable). Anything but JPEG, PNG or WebP is refused with
 * 415 `STORAGE.UNSUPPORTED_TYPE`; SVG is left out on purpose, since it can carry script.
 */
export async function detectImageType(bytes: Uint8Array): Promise<ImageType> {
  const detected = await fileTypeFromBuffer(bytes);
  const mime = detected?.mime as string | undefined;
  if (mime !== undefined && (IMAGE_TYPES as readonly string[]).includes(mime)) return mime as ImageType;
  throw new AppError(StorageErrors.UNSUPPORTED_TYPE, 'Only JPEG, PNG and WebP images can be uploaded.', {
    details: { detected: mime ?? 'unknown', accepted: [...IMAGE_TYPES] },
  });
}
