import { Type, type Static } from 'typebox';

/**
 * Every setting of SattzaBite, in one place. An unset production setting (DATABASE_URL, REDIS_URL,
 * NATS_URL, SMTP_URL, S3_*) means its embedded adapter. `description` is what a person is told when the
 * value is wrong, so it says what is expected.
 */
export const ConfigSchema = Type.Object({
  NODE_ENV: Type.Union([Type.Literal('development'), Type.Literal('production'), Type.Literal('test')], {
    default: 'development',
    description: 'one of development, production, test',
  }),
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8080, description: 'a TCP port, 0-65535' }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1', description: 'an interface address to listen on' }),
  PUBLIC_URL: Type.Optional(
    Type.String({
      pattern: '^https?://',
      description: 'the public base URL, starting with http:// or https://',
    }),
  ),
  DATA_DIR: Type.String({
    minLength: 1,
    default: './data',
    description: 'a directory for embedded SQL and files',
  }),
  DATABASE_URL: Type.Optional(
    Type.String({
      pattern: '^postgres(ql)?://',
      description: 'a PostgreSQL URL such as postgres://user@127.0.0.1:5432/db',
    }),
  ),
  DATABASE_POOL_SIZE: Type.Integer({
    minimum: 1,
    maximum: 200,
    default: 10,
    description: 'an integer 1-200',
  }),
  REDIS_URL: Type.Optional(
    Type.String({ pattern: '^rediss?://', description: 'a Redis URL such as redis://127.0.0.1:6379' }),
  ),
  NATS_URL: Type.Optional(
    Type.String({ pattern: '^(nats|tls)://', description: 'a NATS URL such as nats://127.0.0.1:4222' }),
  ),
  NATS_STREAM: Type.String({
    pattern: '^[A-Za-z0-9_-]+$',
    default: 'SATTZABITE_EVENTS',
    description:
      'a JetStream stream name (letters, digits, _ and -): one per environment sharing a NATS server',
  }),
  NATS_SUBJECT_PREFIX: Type.String({
    pattern: '^[a-z0-9_-]+(\\.[a-z0-9_-]+)*$',
    default: 'sattzabite.events',
    description: 'a NATS subject prefix such as sattzabite.events, matching NATS_STREAM',
  }),
  NATS_PARTITIONS: Type.Integer({
    minimum: 1,
    maximum: 256,
    default: 8,
    description:
      'an integer 1-256: partitions of a new NATS stream, the most instances that can share one consumer (a stream keeps the count it was created with)',
  }),
  NATS_CONSUMER_CONCURRENCY: Type.Integer({
    minimum: 1,
    maximum: 256,
    default: 4,
    description: 'an integer 1-256: partitions of one consumer that one instance works on at once',
  }),
  REDIS_KEY_PREFIX: Type.String({
    pattern: '^[A-Za-z0-9_.-]+$',
    default: 'sattzabite',
    description:
      'a prefix of every Redis key and channel (letters, digits, _ . and -): one per environment sharing a Redis server',
  }),
  SAGA_SWEEP_INTERVAL_MS: Type.Integer({
    minimum: 100,
    maximum: 3_600_000,
    default: 30_000,
    description: 'ms, 100-3600000: how often orders resumes sagas with a step left (payment, refund)',
  }),
  PAYMENT_TIMEOUT_MS: Type.Integer({
    minimum: 1_000,
    maximum: 86_400_000,
    default: 600_000,
    description: 'ms, 1000-86400000: an order still unpaid this long after placement is cancelled',
  }),
  PAYMENTS_SANDBOX_OUTAGE: Type.Boolean({
    default: false,
    description:
      'true or false: the sandbox payment provider fails every call as an outage would (for fault tests)',
  }),
  SMTP_URL: Type.Optional(
    Type.String({ pattern: '^smtps?://', description: 'an SMTP URL such as smtp://127.0.0.1:1025' }),
  ),
  S3_ENDPOINT: Type.Optional(Type.String({ pattern: '^https?://', description: 'an http(s) URL' })),
  S3_BUCKET: Type.Optional(Type.String({ minLength: 3, description: 'an S3 bucket name' })),
  S3_REGION: Type.String({ minLength: 1, default: 'us-east-1', description: 'an S3 region name' }),
  S3_ACCESS_KEY_ID: Type.Optional(Type.String({ minLength: 1, description: 'an access key id' })),
  S3_SECRET_ACCESS_KEY: Type.Optional(Type.String({ minLength: 1, description: 'a secret access key' })),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) => Type.Literal(level)),
    { default: 'info', description: 'one of fatal, error, warn, info, debug, trace, silent' },
  ),
  LOG_PRETTY: Type.Boolean({ default: false, description: 'true or false' }),
  SERVICES: Type.String({
    pattern: '^(all|[a-z]+(,[a-z]+)*)$',
    default: 'all',
    description: "'all' or a comma-separated list of service names such as auth,users",
  }),
  SERVICE_URLS: Type.Optional(
    Type.String({
      pattern: '^[a-z]+=https?://[^,]+(,[a-z]+=https?://[^,]+)*$',
      description: 'static service URLs as name=http://host:port,name=http://host:port',
    }),
  ),
  INSTANCE_URL: Type.Optional(
    Type.String({ pattern: '^https?://', description: 'the URL other processes reach this one at' }),
  ),
  TRUST_PROXY: Type.String({
    pattern: '^$|^[A-Za-z0-9.:/,_ -]+$',
    default: '',
    description:
      "the proxies whose X-Forwarded-For names the client: empty for none, 'loopback', or a comma-separated list of addresses and CIDRs",
  }),
  INTERNAL_TOKEN: Type.Optional(
    Type.String({
      minLength: 24,
      description: 'a shared secret of at least 24 characters that nodes send on service-to-service calls',
    }),
  ),
  JWT_ACCESS_TTL_SECONDS: Type.Integer({
    minimum: 30,
    maximum: 86_400,
    default: 900,
    description: 'seconds, 30-86400',
  }),
  JWT_REFRESH_TTL_SECONDS: Type.Integer({
    minimum: 60,
    maximum: 7_776_000,
    default: 1_209_600,
    description: 'seconds, 60-7776000',
  }),
  JWT_KEY_ROTATION_DAYS: Type.Integer({ minimum: 1, maximum: 365, default: 30, description: 'days, 1-365' }),
  RATE_LIMIT_PER_MINUTE: Type.Integer({
    minimum: 1,
    maximum: 1_000_000,
    default: 600,
    description: 'requests per minute per client, 1-1000000',
  }),
  LOGIN_MAX_FAILURES: Type.Integer({ minimum: 1, maximum: 100, default: 5, description: 'an integer 1-100' }),
  LOGIN_LOCK_SECONDS: Type.Integer({
    minimum: 1,
    maximum: 86_400,
    default: 900,
    description: 'seconds, 1-86400',
  }),
  BODY_LIMIT_BYTES: Type.Integer({
    minimum: 1024,
    maximum: 104_857_600,
    default: 1_048_576,
    description: 'bytes, 1024-104857600',
  }),
  UPLOAD_MAX_BYTES: Type.Integer({
    minimum: 1024,
    maximum: 104_857_600,
    default: 5_242_880,
    description: 'bytes, 1024-104857600: the largest file POST /api/storage/upload accepts',
  }),
  SHUTDOWN_GRACE_MS: Type.Integer({
    minimum: 0,
    maximum: 120_000,
    default: 10_000,
    description: 'ms, 0-120000',
  }),
  DEMO_DATA: Type.Boolean({
    default: true,
    description: 'true or false: seed demo data into an empty store',
  }),
});

export type Config = Static<typeof ConfigSchema>;
export type ConfigKey = keyof Config;
