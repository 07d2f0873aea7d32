import { Type } from 'typebox';

/** The error body every route answers with (`ErrorBody`, error-response.ts), for the OpenAPI document. */
export const ErrorResponseSchema = Type.Object({
  timestamp: Type.String(),
  status: Type.Integer(),
  error: Type.String(),
  code: Type.String(),
  message: Type.String(),
  path: Type.String(),
  requestId: Type.String(),
  details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});

/** A route schema's error responses: the platform's error body under each of these statuses. */
export function errorResponses(...statuses: number[]): Record<number, typeof ErrorResponseSchema> {
  return Object.fromEntries(statuses.map((status) => [status, ErrorResponseSchema]));
}
