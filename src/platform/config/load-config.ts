import { existsSync } from 'node:fs';
import { Value } from 'typebox/value';
import { AppError } from '../errors/app-error.js';
import { ConfigSchema, type Config } from './config.schema.js';

export const CONFIG_INVALID = 'CONFIG.INVALID';

/**
 * Reads the settings once: from `env` (the process environment by default), after a `.env` file in the
 * working directory if there is one. Every problem is listed, each naming the setting and what it expects,
 * so a wrong start is fixed in one go.
 */
export function loadConfig(env: Record<string, string | undefined> = readProcessEnv()): Config {
  const known = Object.keys(ConfigSchema.properties);
  const raw: Record<string, unknown> = {};
  for (const key of known) {
    const value = env[key];
    // An empty value is treated as unset, as shells and .env files often leave them.
    if (value !== undefined && value.trim() !== '') raw[key] = value.trim();
  }
  const candidate = Value.Convert(ConfigSchema, Value.Default(ConfigSchema, raw));
  const problems = new Map<string, string>();
  for (const error of Value.Errors(ConfigSchema, candidate)) {
    const key = error.instancePath.replace(/^\//, '').split('/')[0] ?? '';
    if (problems.has(key)) continue;
    const schema = (ConfigSchema.properties as Record<string, { description?: string }>)[key];
    const got = raw[key] === undefined ? 'nothing' : JSON.stringify(raw[key]);
    problems.set(key, `${key}: expected ${schema?.description ?? error.message}, got ${got}`);
  }
  const config = candidate as Config;
  for (const [key, message] of crossFieldProblems(config)) problems.set(key, message);
  if (problems.size > 0) {
    throw new AppError(CONFIG_INVALID, `Invalid settings:\n  ${[...problems.values()].join('\n  ')}`, {
      details: { settings: [...problems.keys()] },
    });
  }
  return config;
}

function crossFieldProblems(config: Config): Array<[string, string]> {
  const problems: Array<[string, string]> = [];
  const s3 = [config.S3_ENDPOINT, config.S3_BUCKET, config.S3_ACCESS_KEY_ID, config.S3_SECRET_ACCESS_KEY];
  if (s3.some((v) => v !== undefined) && s3.some((v) => v === undefined)) {
    problems.push([
      'S3_ENDPOINT',
      'S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY: expected all four together or none',
    ]);
  }
  if (config.SERVICES !== 'all' && config.INTERNAL_TOKEN === undefined) {
    problems.push([
      'INTERNAL_TOKEN',
      'INTERNAL_TOKEN: expected a shared secret of at least 24 characters when SERVICES is not all, got nothing',
    ]);
  }
  return problems;
}

function readProcessEnv(): Record<string, string | undefined> {
  // Node 20 reads .env natively; values already in the environment win, as with dotenv.
  if (existsSync('.env')) process.loadEnvFile('.env');
  return process.env;
}

/** The services a process hosts, from the SERVICES setting. */
export function hostedServices(config: Config, all: readonly string[]): string[] {
  if (config.SERVICES === 'all') return [...all];
  const wanted = config.SERVICES.split(',');
  const unknown = wanted.filter((name) => !all.includes(name));
  if (unknown.length > 0) {
    throw new AppError(
      CONFIG_INVALID,
      `SERVICES: expected names from ${all.join(', ')}, got unknown ${unknown.join(', ')}`,
      { details: { settings: ['SERVICES'] } },
    );
  }
  return wanted;
}

/** SERVICE_URLS parsed into a map: name → base URLs (a name may repeat for several instances). */
export function staticServiceUrls(config: Config): Map<string, string[]> {
  const urls = new Map<string, string[]>();
  for (const pair of config.SERVICE_URLS?.split(',') ?? []) {
    const at = pair.indexOf('=');
    const name = pair.slice(0, at);
    urls.set(name, [...(urls.get(name) ?? []), pair.slice(at + 1).replace(/\/$/, '')]);
  }
  return urls;
}
