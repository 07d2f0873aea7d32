// The gateway's readiness: ready while it can route something. A service with no live instance makes it
// DEGRADED (200, naming the service), because the others' requests still go through; only a gateway that can
// route nothing at all (discovery unreadable with nothing cached, or no live instance of any service) is 503.
import type { Discovery, InstanceHealth } from '../platform/discovery/index.js';
import type { ReadinessCheck } from '../platform/http/index.js';

/** Per node, well inside the bound /ready puts on each check. */
const PROBE_TIMEOUT_MS = 600;

interface Survey {
  /** Services whose instances discovery could not name (registry unreadable, nothing cached). */
  unknown: string[];
  /** Services with no instance answering /health. */
  missing: string[];
  total: number;
}

export function upstreamsReadiness(
  discovery: Discovery,
  services: readonly string[],
  health: InstanceHealth,
): ReadinessCheck[] {
  // Both checks of one /ready read the same survey: each node is asked once.
  let pending: Promise<Survey> | undefined;
  const survey = () => {
    pending ??= surveyUpstreams(discovery, services, health).finally(() => {
      pending = undefined;
    });
    return pending;
  };
  return [
    {
      name: 'routing',
      async check() {
        const { unknown, missing, total } = await survey();
        if (unknown.length === total) throw new Error('discovery cannot be read and nothing was read before');
        if (missing.length === total) throw new Error('no service has a live instance');
      },
    },
    {
      name: 'upstreams',
      critical: false,
      async check() {
        const { missing } = await survey();
        if (missing.length > 0) throw new Error(`no live instance of ${missing.join(', ')}`);
      },
    },
  ];
}

async function surveyUpstreams(
  discovery: Discovery,
  services: readonly string[],
  health: InstanceHealth,
): Promise<Survey> {
  const unknown: string[] = [];
  const listed = new Map(
    await Promise.all(
      services.map(async (service) => {
        const urls = await discovery.instances(service).catch(() => {
          unknown.push(service);
          return [];
        });
        return [service, urls] as const;
      }),
    ),
  );
  // Each node once, all at the same time: one slow spare must not make the whole check time out.
  const nodes = [...new Set([...listed.values()].flat())];
  const alive = new Map(
    await Promise.all(
      nodes.map(async (url) => {
        const ok = await fetch(`${url}/health`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) }).then(
          async (response) => {
            await response.body?.cancel();
            return response.ok;
          },
          () => false,
        );
        // What this probe learnt serves the routing too: a node marked down that answers is back.
        if (ok) health.markUp(url, 'answered the readiness probe');
        return [url, ok] as const;
      }),
    ),
  );
  const missing = services.filter((service) => !(listed.get(service) ?? []).some((url) => alive.get(url)));
  return { unknown, missing, total: services.length };
}
