/** Error codes of the messaging kernel; matched on `code`, never on the message. */
export const MessagingErrors = {
  /** An event whose type/version is unknown or whose data does not match its schema. */
  INVALID_EVENT: 'EVENTS.INVALID_EVENT',
  /** An append whose expected version is not the stream's current version (409). */
  VERSION_CONFLICT: 'EVENTS.VERSION_CONFLICT',
  DEAD_LETTER_NOT_FOUND: 'EVENTS.DEAD_LETTER_NOT_FOUND',
  /** A redrive whose handler failed again; the dead letter stays, with the new error. */
  REDRIVE_FAILED: 'EVENTS.REDRIVE_FAILED',
  /** `whenProcessed` gave up waiting. */
  TIMEOUT: 'EVENTS.TIMEOUT',
  /** The bus could not take the event (broker unreachable, closed bus). */
  PUBLISH_FAILED: 'EVENTS.PUBLISH_FAILED',
  BUS_CLOSED: 'EVENTS.BUS_CLOSED',
} as const;
