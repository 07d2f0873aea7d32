const CODE = /^[A-Z0-9_-]{3,32}$/;

/**
 * A code as stored and compared: trimmed and upper-cased. Undefined when it cannot be a code at all, so a
 * mistyped code is simply not found.
 */
export function normalizeCode(raw: string): string | undefined {
  const code = raw.trim().toUpperCase();
  return CODE.test(code) ? code : undefined;
}
