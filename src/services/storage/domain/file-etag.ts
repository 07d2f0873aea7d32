/** The strong ETag of a file: its SHA-256 (hex as stored), in base64url, quoted. */
export function fileEtag(sha256Hex: string): string {
  return `"${Buffer.from(sha256Hex, 'hex').toString('base64url')}"`;
}

/**
 * Whether `If-None-Match` names this tag: a list of tags or `*`; weak tags compare by their value, as RFC
 * 9110 asks for GET.
 */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}
