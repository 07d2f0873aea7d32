import { pino, type DestinationStream, type Logger as PinoLogger, type LoggerOptions } from 'pino';
import { currentCorrelationScope } from './correlation-scope.js';

export type Logger = PinoLogger;

/** Marks a logger that already binds `correlationId`, so the scope's id is not written a second time. */
const BINDS_CORRELATION = Symbol('sattzabite.bindsCorrelation');

/** Says that `logger` (and its children) carry `correlationId` in their bindings already. */
export function markCorrelationBound<L extends object>(logger: L): L {
  (logger as unknown as Record<symbol, unknown>)[BINDS_CORRELATION] = true;
  return logger;
}

/**
 * Adds the correlation id of the request or event being handled to every line a service writes with its
 * plain logger, so one flow can be followed across nodes without each call site passing the id along.
 */
function correlationMixin(_merge: object, _level: number, logger: Logger): object {
  const scope = currentCorrelationScope();
  if (scope === undefined || (logger as unknown as Record<symbol, unknown>)[BINDS_CORRELATION] === true) {
    return {};
  }
  return { correlationId: scope.correlationId };
}

/** Paths whose values never reach a log line: secrets, tokens, card data, emails. */
export const REDACTED_PATHS = [
  'password',
  '*.password',
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'refreshToken',
  '*.refreshToken',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'email',
  '*.email',
  'cardNumber',
  '*.cardNumber',
];

export function createLogger(options: {
  level: string;
  pretty?: boolean;
  name?: string;
  /** Where lines go; stdout by default (tests keep them). */
  destination?: DestinationStream;
}): Logger {
  const settings: LoggerOptions = {
    level: options.level,
    ...(options.name === undefined ? {} : { name: options.name }),
    redact: { paths: REDACTED_PATHS, censor: '[masked]' },
    mixin: correlationMixin,
    ...(options.pretty ? { transport: { target: 'pino-pretty', options: { colorize: true } } } : {}),
  };
  return options.destination === undefined ? pino(settings) : pino(settings, options.destination);
}

/** A logger that writes nothing, for tests. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
