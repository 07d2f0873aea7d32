import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { Value } from 'typebox/value';
import { AppError } from '../errors/app-error.js';
import type { EventEnvelope } from './event-envelope.js';
import { MessagingErrors } from './messaging-errors.js';

/**
 * The schemas of event `data`, keyed by type and version. Outboxes and event stores validate on publish,
 * consumers on consume, so a malformed event is refused where it is made and never poisons a consumer.
 */
export interface EventSchemaRegistry {
  register(type: string, version: number, schema: TSchema): EventSchemaRegistry;
  has(type: string, version: number): boolean;
  /** Throws AppError `EVENTS.INVALID_EVENT` for an unknown type/version or data that fails its schema. */
  validate(event: EventEnvelope): void;
}

export function createEventSchemaRegistry(): EventSchemaRegistry {
  const schemas = new Map<string, TSchema>();
  // Compiled once per schema: bulk imports validate every one of thousands of events.
  const checks = new Map<string, (data: unknown) => boolean>();
  const key = (type: string, version: number) => `${type}@${version}`;

  const registry: EventSchemaRegistry = {
    register(type, version, schema) {
      schemas.set(key(type, version), schema);
      const compiled = Compile(schema);
      checks.set(key(type, version), (data) => compiled.Check(data));
      return registry;
    },
    has: (type, version) => schemas.has(key(type, version)),
    validate(event) {
      const schema = schemas.get(key(event.type, event.version));
      if (schema === undefined) {
        throw new AppError(MessagingErrors.INVALID_EVENT, `Unknown event ${event.type} v${event.version}`, {
          details: { eventId: event.id, type: event.type, version: event.version },
          status: 400,
        });
      }
      if (!(checks.get(key(event.type, event.version)) ?? (() => false))(event.data)) {
        const errors = [...Value.Errors(schema, event.data)]
          .slice(0, 5)
          .map((e) => `${e.instancePath || '/'} ${e.message}`);
        throw new AppError(
          MessagingErrors.INVALID_EVENT,
          `Invalid data for ${event.type} v${event.version}`,
          {
            details: { eventId: event.id, type: event.type, version: event.version, errors },
            status: 400,
          },
        );
      }
    },
  };
  return registry;
}
