import { isIPv4, isIPv6 } from 'node:net';
import type * as GeoIp from 'geoip-lite';
import type { GeoLocator } from '@acc/security-application';

/** The pseudo-city of loopback, private, link-local and carrier-grade NAT addresses. */
export const LOCAL_NETWORK = 'local network';

const PRIVATE_V4: Array<[number, number]> = [
  [0x0a000000, 8], // 10/8
  [0xac100000, 12], // 172.16/12
  [0xc0a80000, 16], // 192.168/16
  [0x7f000000, 8], // 127/8
  [0xa9fe0000, 16], // 169.254/16
  [0x64400000, 10], // 100.64/10 (carrier-grade NAT)
];

function v4ToInt(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

export function isLocalAddress(ip: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  const v4 = mapped ?? (isIPv4(ip) ? ip : undefined);
  if (v4) {
    const n = v4ToInt(v4);
    return PRIVATE_V4.some(([base, bits]) => n >>> (32 - bits) === base >>> (32 - bits));
  }
  const v6 = ip.toLowerCase();
  return v6 === '::1' || v6 === '::' || /^f[cd]/.test(v6) || /^fe[89ab]/.test(v6);
}

/**
 * SEC-7 city lookup with geoip-lite's offline database (shipped inside the npm package; nothing
 * is downloaded). The database (~150 MB in memory) loads on the first lookup, not at start.
 * Cities are named `City, Region, Country` so that same-named cities stay apart; an address
 * whose city the database does not know has no city (the login decider treats it as unusual).
 */
export class GeoipLocator implements GeoLocator {
  private geoip?: typeof GeoIp;

  cityOf(ip: string | undefined): string | undefined {
    if (!ip || !(isIPv4(ip) || isIPv6(ip))) return undefined;
    if (isLocalAddress(ip)) return LOCAL_NETWORK;
    this.geoip ??= require('geoip-lite') as typeof GeoIp; // lazily: the database is large
    const found = this.geoip.lookup(ip);
    if (!found?.city) return undefined;
    return [found.city, found.region, found.country].filter(Boolean).join(', ');
  }
}
