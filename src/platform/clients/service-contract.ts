/**
 * The operations of a service: each takes one JSON value and resolves to one JSON value.
 * `any` is deliberate: a constraint of `(input: unknown) => …` would reject every operation with a
 * concrete input type, because parameters are checked contravariantly.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ServiceOperations = Record<string, (input: any) => Promise<any>>;

/** What a caller must know about one operation. */
export interface OperationPolicy {
  /**
   * True when running it twice has the effect of running it once (reads, or writes keyed by an idempotency
   * key). Only these are retried after a timeout or a server error; a call that may have run is never repeated
   * otherwise.
   */
  idempotent: boolean;
}

/** A service's typed face for other services: its name, its operations and their retry policy. */
export interface ServiceContract<Ops extends ServiceOperations> {
  readonly service: string;
  readonly operations: { readonly [K in keyof Ops & string]: OperationPolicy };
}

/** A client is the operations themselves: `await catalog.getItems({ ids })`, wherever the service runs. */
export type ServiceClient<Ops extends ServiceOperations> = { readonly [K in keyof Ops & string]: Ops[K] };

/** Operation handlers as the owning service implements them. */
export type ServiceHandlers<Ops extends ServiceOperations> = { readonly [K in keyof Ops & string]: Ops[K] };

/**
 * Declares a service contract. Every operation must be listed with its policy, so a new operation cannot be
 * added without deciding whether it is safe to retry:
 *
 * ```ts
 * export const catalogContract = defineServiceContract<CatalogOperations>('catalog', {
 *   getItems: { idempotent: true },
 *   reserveStock: { idempotent: false },
 * });
 * ```
 */
export function defineServiceContract<Ops extends ServiceOperations>(
  service: string,
  operations: { readonly [K in keyof Ops & string]: OperationPolicy },
): ServiceContract<Ops> {
  if (!/^[a-z][a-z0-9-]*$/.test(service)) throw new Error(`invalid service name: ${service}`);
  for (const name of Object.keys(operations)) {
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name)) throw new Error(`invalid operation name: ${service}.${name}`);
  }
  return { service, operations };
}

/** The path an operation is served at; only other services call it. */
export function rpcPath(service: string, operation: string): string {
  return `/internal/rpc/${service}/${operation}`;
}

/** Builds a client whose every operation goes through `invoke`. */
export function buildClient<Ops extends ServiceOperations>(
  contract: ServiceContract<Ops>,
  invoke: (operation: keyof Ops & string, input: unknown) => Promise<unknown>,
): ServiceClient<Ops> {
  const client: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const operation of Object.keys(contract.operations) as Array<keyof Ops & string>) {
    client[operation] = (input) => invoke(operation, input);
  }
  return client as ServiceClient<Ops>;
}
