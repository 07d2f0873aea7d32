// One-shot operations of the `sattzabite` command: migrations and the dead-letter queue.
import { loadConfig } from '../platform/config/index.js';
import { migrate } from '../platform/db/index.js';
import { getDeadLetter, listDeadLetters, redriveDeadLetter } from '../platform/messaging/index.js';
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
