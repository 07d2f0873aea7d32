export type { Cache, CacheEntryOptions } from './cache.port.js';
export { createMemoryCache, type MemoryCacheOptions } from './memory-cache.js';
export { createTieredCache, type TieredCacheOptions } from './tiered-cache.js';
