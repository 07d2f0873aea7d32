/** The set of URLs ever registered for a service; members whose liveness key expired are pruned on read. */
export function serviceIndexKey(namespace: string, service: string): string {
  return `${namespace}:services:${service}`;
}

/** One instance's liveness key: it exists while the instance heartbeats, and expires when it stops. */
export function instanceKey(namespace: string, service: string, url: string): string {
  return `${namespace}:services:${service}:instance:${url}`;
}
