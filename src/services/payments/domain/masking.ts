/**
 * Masks for values that must never reach a log line, table or response whole. A provider token is not a
 * card number, but it can be charged until it expires, so it is treated as a secret.
 */
export function maskToken(token: string): string {
  return token.length <= 4 ? '****' : `${token.slice(0, 4)}****`;
}

/** A card as shown to people: `****4242`. */
export function maskedCard(last4: string): string {
  return `****${last4}`;
}
