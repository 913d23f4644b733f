/** What the security application needs from the outside world; adapters live in the app (composition). */

/** SEC-7: the city a source IP is in. */
export interface GeoLocator {
  /**
   * A stable name of the city (e.g. `Hangzhou, ZJ, CN`), a pseudo-city for addresses that have
   * none (e.g. `local network` for loopback and private ranges), or undefined when unknown.
   */
  cityOf(ip: string | undefined): string | undefined;
}

/** Unguessable tokens (session tokens, challenge ids): at least 256 bits, URL-safe. */
export interface SecretGenerator {
  token(): string;
}
