// One-shot operations of the `sattzabite` command: migrations and the dead-letter queue.
import { loadConfig } from '../platform/config/index.js';
import { migrate } from '../platform/db/index.js';
import { createRuntime } from './runtime.js';
import { buildServices, SERVICE_NAMES } from './service-registry.js';

export async function runMigrate(): Promise<void> {
  const runtime = await createRuntime(loadConfig());
  try {
    const services = await buildServices(runtime, SERVICE_NAMES);
    let applied = 0;
    for (const module of services.modules) {
      const result = await migrate(runtime.sql, module.migrations, runtime.log);
      applied += result.applied.length;
      for (const m of result.applied) console.log(`applied ${m.service} ${m.version} ${m.name}`);
    }
    console.log(applied === 0 ? 'migrations: up to date' : `migrations: ${applied} applied`);
  } finally {
    await runtime.close();
  }
}

export async function runDlq(args: string[]): Promise<number> {
  console.error(`dlq ${args.join(' ')}: no service consumes events yet`);
  return 2;
}
