import type {
  ServiceClient,
  ServiceContract,
  ServiceHandlers,
  ServiceOperations,
} from './service-contract.js';
import { buildClient } from './service-contract.js';
import { errorAfterWire, jsonRoundTrip } from './wire.js';

/**
 * A client that calls the handlers in this process, for the embedded run. Inputs, results and errors are
 * JSON round-tripped, exactly as over HTTP: a caller that relies on sharing an object, on a Date staying a
 * Date, or on `instanceof` of a thrown error breaks here first, not in production.
 */
export function createLocalTransport<Ops extends ServiceOperations>(
  contract: ServiceContract<Ops>,
  handlers: ServiceHandlers<Ops>,
): ServiceClient<Ops> {
  return buildClient(contract, async (operation, input) => {
    const handler = handlers[operation] as (input: unknown) => Promise<unknown>;
    let result: unknown;
    try {
      result = await handler(jsonRoundTrip(input));
    } catch (error) {
      throw errorAfterWire(error);
    }
    return jsonRoundTrip(result);
  });
}
