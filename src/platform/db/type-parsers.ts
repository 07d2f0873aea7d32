/**
 * The text-format parsers both adapters share, by PostgreSQL type OID, so a row reads the same whichever
 * database answered. Only the types whose default differs between `pg` and PGlite (or whose default is
 * wrong for us) are listed; the rest keep each driver's default, which already agree (text, bool, float,
 * uuid, numeric as string, timestamptz as Date, json/jsonb parsed).
 */
export const TypeOids = {
  BYTEA: 17,
  INT8: 20,
  INT2: 21,
  INT4: 23,
  JSON: 114,
  DATE: 1082,
  TIMESTAMP: 1114,
  TIMESTAMPTZ: 1184,
  NUMERIC: 1700,
  JSONB: 3802,
  INT2_ARRAY: 1005,
  INT4_ARRAY: 1007,
  INT8_ARRAY: 1016,
  BYTEA_ARRAY: 1001,
  TEXT_ARRAY: 1009,
  DATE_ARRAY: 1182,
  TIMESTAMP_ARRAY: 1115,
} as const;

/** int8 as number: ids and counters here stay far below 2^53, and `count(*)` must be a number everywhere. */
export function parseInt8(value: string): number {
  return Number(value);
}

/**
 * `timestamp` (without time zone) read as UTC. `pg` reads it in the process's zone and PGlite in UTC; we
 * store instants as timestamptz, so this only keeps the two adapters agreeing for stray columns.
 */
export function parseTimestampUtc(value: string): Date {
  if (value === 'infinity') return new Date(8.64e15);
  if (value === '-infinity') return new Date(-8.64e15);
  return new Date(`${value.replace(' ', 'T')}Z`);
}

/** `date` stays 'YYYY-MM-DD': a calendar day has no instant, and a Date would shift it by the zone. */
export function parseDate(value: string): string {
  return value;
}

/** bytea in hex text form (`\x0102`) as a plain Uint8Array, not a Buffer, so both adapters compare equal. */
export function parseBytea(value: string): Uint8Array {
  if (value.startsWith('\\x')) return new Uint8Array(Buffer.from(value.slice(2), 'hex'));
  // The legacy escape format only appears when bytea_output = 'escape'; decode it rather than fail.
  return new Uint8Array(
    Buffer.from(
      value.replace(/\\(\\|[0-7]{3})/g, (_, g: string) =>
        g === '\\' ? '\\' : String.fromCharCode(parseInt(g, 8)),
      ),
      'latin1',
    ),
  );
}

/** Element parsers; PGlite applies them to arrays itself, `pg` needs the array OIDs wired too. */
export const elementParsers: Readonly<Record<number, (value: string) => unknown>> = {
  [TypeOids.INT8]: parseInt8,
  [TypeOids.DATE]: parseDate,
  [TypeOids.TIMESTAMP]: parseTimestampUtc,
  [TypeOids.BYTEA]: parseBytea,
};
