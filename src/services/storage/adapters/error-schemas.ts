import { Type } from 'typebox';

/** The platform's error body, for the route schemas' documentation. */
export const ErrorResponse = Type.Object({
  timestamp: Type.String(),
  status: Type.Integer(),
  error: Type.String(),
  code: Type.String(),
  message: Type.String(),
  path: Type.String(),
  requestId: Type.String(),
  details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});

export const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((status) => [status, ErrorResponse]));
