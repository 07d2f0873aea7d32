import { MAX_ORIGINAL_NAME_LENGTH, type FilePurpose, type ImageType } from '../contract.js';

/** The extension each accepted type is stored under. */
export const EXTENSION_OF: Readonly<Record<ImageType, string>> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
};

/**
 * The blob key of a file: generated from its id and detected type only, so nothing the client sent (its
 * file name above all) ever becomes part of a path. Grouped by purpose to keep the store browsable.
 */
export function blobKeyFor(purpose: FilePurpose, id: string, type: ImageType): string {
  return `${purpose.toLowerCase().replaceAll('_', '-')}/${id}.${EXTENSION_OF[type]}`;
}

// C0 and C1 controls, and the bidirectional overrides that make `gpj.exe` display as `exe.jpg`.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/gu;

/**
 * The client's file name as kept for display: its last path segment (either slash), without control or
 * direction-override characters, trimmed, at most MAX_ORIGINAL_NAME_LENGTH characters; null when nothing
 * is left. It is metadata only: never a path, never a key.
 */
export function cleanOriginalName(name: string | undefined): string | null {
  if (name === undefined) return null;
  const base = name.normalize('NFC').split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(UNSAFE_CHARACTERS, '').trim();
  if (cleaned === '' || cleaned === '.' || cleaned === '..') return null;
  return [...cleaned].slice(0, MAX_ORIGINAL_NAME_LENGTH).join('');
}
