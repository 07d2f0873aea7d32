// An order's whole life on the embedded platform: PGlite in a temporary DATA_DIR, the in-process bus and
// the memory cache, every service in this process behind a real HTTP server.
import { describe } from 'vitest';
import { startFullPlatform } from './support/full-platform.js';
import { orderLifeScenario } from './support/order-life-scenario.js';

describe('order life (embedded)', () => {
  orderLifeScenario(() => startFullPlatform());
});
