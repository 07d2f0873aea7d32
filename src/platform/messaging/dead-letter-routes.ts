import { Type } from 'typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { Sql } from '../db/sql.js';
import { AppError, CommonErrors } from '../errors/app-error.js';
import { requireRole } from '../http/principal.js';
import { getDeadLetter, listDeadLetters, redriveDeadLetter, type DeadLetter } from './dead-letters.js';
import type { DeadLetterRedriver } from './dead-letters.js';
import { MessagingErrors } from './messaging-errors.js';

/** The messaging of one hosted service, as the operator routes need it. */
export interface DeadLetterSource {
  schema: string;
  consumers: Iterable<DeadLetterRedriver>;
}

export interface DeadLetterRoutesOptions {
  sql: Sql;
  sources: readonly DeadLetterSource[];
  /** The role allowed to read and redrive (the operators'). */
  role: string;
}

/** A dead letter as operators see it; the id names the schema too (`orders:12`), as `sattzabite dlq` prints. */
const DeadLetterView = Type.Object({
  id: Type.String(),
  schema: Type.String(),
  consumer: Type.String(),
  eventId: Type.String(),
  eventType: Type.String(),
  subject: Type.String(),
  error: Type.String(),
  attempts: Type.Integer(),
  failedAt: Type.String(),
  redrivenAt: Type.Union([Type.String(), Type.Null()]),
  event: Type.Unknown(),
});

const ListQuery = Type.Object(
  {
    includeRedriven: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);
const IdParams = Type.Object({ id: Type.String({ pattern: '^[a-z_][a-z0-9_]*:[0-9]{1,15}$' }) });

function view(schema: string, letter: DeadLetter) {
  return {
    id: `${schema}:${letter.id}`,
    schema,
    consumer: letter.consumer,
    eventId: letter.eventId,
    eventType: letter.event.type,
    subject: letter.event.subject,
    error: letter.error,
    attempts: letter.attempts,
    failedAt: letter.failedAt.toISOString(),
    redrivenAt: letter.redrivenAt?.toISOString() ?? null,
    event: letter.event,
  };
}

/**
 * The dead-letter queue over HTTP for operators: `GET /api/admin/dlq` lists the waiting letters of every
 * service hosted in this process, `GET /api/admin/dlq/{id}` shows one, `POST .../{id}/redrive` re-runs its
 * consumer (200 once applied; the letter keeps waiting with the new error and 409 when it fails again).
 */
export function deadLetterRoutes(options: DeadLetterRoutesOptions): FastifyPluginAsync {
  const { sql, sources, role } = options;
  const sourceOf = (id: string) => {
    const [schema = '', number = ''] = id.split(':');
    const source = sources.find((candidate) => candidate.schema === schema);
    if (source === undefined) {
      throw new AppError(MessagingErrors.DEAD_LETTER_NOT_FOUND, `No dead letter ${id} here.`, {
        status: 404,
        details: { id },
      });
    }
    return { source, number: Number(number) };
  };
  return async (app) => {
    app.get(
      '/api/admin/dlq',
      { schema: { querystring: ListQuery, tags: ['operations'] } },
      async (request) => {
        requireRole(request, role);
        const query = request.query as { includeRedriven?: boolean; limit?: number };
        const letters = [];
        for (const source of sources) {
          const listed = await listDeadLetters(sql, source.schema, {
            includeRedriven: query.includeRedriven ?? false,
            limit: query.limit ?? 100,
          });
          letters.push(...listed.map((letter) => view(source.schema, letter)));
        }
        letters.sort((a, b) => (a.failedAt < b.failedAt ? -1 : a.failedAt > b.failedAt ? 1 : 0));
        return { content: letters, totalElements: letters.length };
      },
    );
    app.get(
      '/api/admin/dlq/:id',
      { schema: { params: IdParams, response: { 200: DeadLetterView }, tags: ['operations'] } },
      async (request) => {
        requireRole(request, role);
        const { id } = request.params as { id: string };
        const { source, number } = sourceOf(id);
        return view(source.schema, await getDeadLetter(sql, source.schema, number));
      },
    );
    app.post(
      '/api/admin/dlq/:id/redrive',
      { schema: { params: IdParams, tags: ['operations'] } },
      async (request) => {
        requireRole(request, role);
        const { id } = request.params as { id: string };
        const { source, number } = sourceOf(id);
        const letter = await getDeadLetter(sql, source.schema, number);
        if (letter.redrivenAt !== null) {
          throw new AppError(CommonErrors.CONFLICT, `Dead letter ${id} was already redriven.`, {
            details: { id, redrivenAt: letter.redrivenAt.toISOString() },
          });
        }
        try {
          await redriveDeadLetter(sql, source.schema, number, source.consumers);
        } catch (error) {
          // The handler failed again: the letter keeps waiting with the new error; that is a conflict
          // with the letter's state, not a fault of this server.
          if (error instanceof AppError && error.code === MessagingErrors.REDRIVE_FAILED) {
            throw new AppError(error.code, `${error.message}: ${String(error.cause ?? '')}`, {
              status: 409,
              details: { id },
            });
          }
          throw error;
        }
        return view(source.schema, await getDeadLetter(sql, source.schema, number));
      },
    );
  };
}
