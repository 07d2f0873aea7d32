/**
 * Whether an image url can be shown: only the platform's own files. The CSP allows images from this
 * origin alone, so an outside url would only break (and report a violation).
 */
export function shownImage(url: string | null | undefined): string | undefined {
  return typeof url === 'string' && url.startsWith('/api/storage/files/') ? url : undefined;
}
