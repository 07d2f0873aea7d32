export { ConfigSchema, type Config, type ConfigKey } from './config.schema.js';
export { loadConfig, hostedServices, staticServiceUrls, CONFIG_INVALID } from './load-config.js';
