/** Where the instances of a service can be reached. */
export interface Discovery {
  /**
   * Base URLs (`http://host:port`, no trailing slash) of the live instances of `service`, in a stable order;
   * empty when none is known. Rejects with `COMMON.SERVICE_UNAVAILABLE` only when the registry itself cannot
   * be read and nothing was ever read from it before.
   */
  instances(service: string): Promise<string[]>;
  /**
   * When the instance at `url` last announced itself (ms since the epoch, its own clock), as of the last
   * read; undefined where instances do not announce themselves (static URLs).
   */
  lastHeartbeat?(url: string): number | undefined;
}
