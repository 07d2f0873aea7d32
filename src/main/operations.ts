// One-shot operations of the `sattzabite` command: migrations and the dead-letter queue.
import { parseArgs } from 'node:util';
import { loadConfig } from '../platform/config/index.js';
import { migrate } from '../platform/db/index.js';
import { getDeadLetter, listDeadLetters, redriveDeadLetter } from '../platform/messaging/index.js';
import { DEMO_SIZES } from './demo/demo-city.js';
import { DEFAULT_DEMO_SEED, seedDemoData } from './demo/seed-demo.js';
import { hostServices } from './host.js';
import { createRuntime, type Runtime } from './runtime.js';
import { buildServices, SERVICE_NAMES, type BuiltServices } from './service-registry.js';

export async function runMigrate(): Promise<void> {
  await withServices(async (runtime, services) => {
    let applied = 0;
    for (const module of services.modules) {
      const result = await migrate(runtime.sql, module.migrations, runtime.log);
      applied += result.applied.length;
      for (const m of result.applied) console.log(`applied ${m.service} ${m.version} ${m.name}`);
    }
    console.log(applied === 0 ? 'migrations: up to date' : `migrations: ${applied} applied`);
  });
}

const DLQ_USAGE = 'usage: sattzabite dlq list | dlq show <id> | dlq redrive <id>';

/** `dlq list|show|redrive` over every service that has events (ids are `<service>:<id>`). */
export async function runDlq(args: string[]): Promise<number> {
  const [action, ref] = args;
  if (action !== 'list' && (ref === undefined || !['show', 'redrive'].includes(action ?? ''))) {
    console.error(DLQ_USAGE);
    return 2;
  }
  return withServices(async (runtime, services) => {
    const withEvents = services.modules.flatMap((m) => (m.messaging === undefined ? [] : [m.messaging]));
    for (const module of services.modules) await migrate(runtime.sql, module.migrations, runtime.log);
    if (action === 'list') {
      let count = 0;
      for (const messaging of withEvents) {
        for (const letter of await listDeadLetters(runtime.sql, messaging.schema)) {
          count += 1;
          console.log(
            `${messaging.schema}:${letter.id}  ${letter.consumer}  ${letter.event.type}  attempts=${letter.attempts}  ${letter.error}`,
          );
        }
      }
      console.log(count === 0 ? 'the dead-letter queue is empty' : `${count} dead-lettered event(s)`);
      return 0;
    }
    const [schema, idText] = (ref ?? '').split(':');
    const id = Number(idText);
    const messaging = withEvents.find((m) => m.schema === schema);
    if (messaging === undefined || !Number.isSafeInteger(id)) {
      console.error(`unknown dead letter '${ref}': ids look like <service>:<id>, as 'dlq list' prints them`);
      return 2;
    }
    if (action === 'show') {
      console.log(JSON.stringify(await getDeadLetter(runtime.sql, messaging.schema, id), null, 2));
      return 0;
    }
    await redriveDeadLetter(runtime.sql, messaging.schema, id, messaging.consumers);
    console.log(`redriven ${ref}`);
    return 0;
  });
}

async function withServices<T>(work: (runtime: Runtime, services: BuiltServices) => Promise<T>): Promise<T> {
  const runtime = await createRuntime(loadConfig());
  try {
    return await work(runtime, await buildServices(runtime, SERVICE_NAMES));
  } finally {
    await runtime.close();
  }
}

const SEED_USAGE = 'usage: sattzabite seed [--size small|large] [--restaurants N] [--seed N]';

/** `seed`: the demo city into the configured store; `--size large` is the benchmark city. */
export async function runSeed(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      size: { type: 'string', default: 'small' },
      restaurants: { type: 'string' },
      seed: { type: 'string' },
    },
    strict: true,
  });
  const base =
    values.size === 'large' ? DEMO_SIZES.large : values.size === 'small' ? DEMO_SIZES.small : undefined;
  const restaurants = values.restaurants === undefined ? base?.restaurants : Number(values.restaurants);
  const seed = values.seed === undefined ? DEFAULT_DEMO_SEED : Number(values.seed);
  if (
    base === undefined ||
    restaurants === undefined ||
    !Number.isInteger(restaurants) ||
    restaurants < 1 ||
    !Number.isInteger(seed)
  ) {
    console.error(SEED_USAGE);
    return 2;
  }
  const runtime = await createRuntime(loadConfig());
  try {
    const host = await hostServices(runtime, SERVICE_NAMES);
    await host.start();
    const result = await seedDemoData(host.services.clients, {
      seed,
      size: { ...base, restaurants },
      log: runtime.log,
      app: host.app,
    });
    console.log(
      `seeded ${result.restaurants} restaurants, ${result.items} menu items, ${result.accounts} accounts in ${result.seconds.toFixed(1)} s (seed ${seed})`,
    );
    await host.stop();
    await host.app.close();
    return 0;
  } finally {
    await runtime.close();
  }
}

const REPLAYABLE = ['orders', 'search'] as const;

/**
 * `replay [orders] [search]`: rebuilds read models from events (all when none is named): the orders
 * service's from its event store, the search index from the events catalog and restaurants published.
 * The result equals what the live consumers built.
 */
export async function runReplay(args: string[]): Promise<number> {
  const targets = args.length === 0 ? [...REPLAYABLE] : args;
  const unknown = targets.filter((t) => !(REPLAYABLE as readonly string[]).includes(t));
  if (unknown.length > 0) {
    console.error(`replay: unknown read models ${unknown.join(', ')}; known: ${REPLAYABLE.join(', ')}`);
    return 2;
  }
  return withServices(async (runtime, services) => {
    for (const module of services.modules) await migrate(runtime.sql, module.migrations, runtime.log);
    for (const target of targets) {
      const started = performance.now();
      const result =
        target === 'orders'
          ? await services.orders?.rebuildReadModels()
          : await services.search?.rebuildIndex();
      if (result === undefined) throw new Error(`replay needs the ${target} service in this process`);
      console.log(
        `replayed ${target}: ${JSON.stringify(result)} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
    }
    return 0;
  });
}
