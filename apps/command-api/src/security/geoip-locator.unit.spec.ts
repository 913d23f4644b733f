import { GeoipLocator, isLocalAddress, LOCAL_NETWORK } from './geoip-locator';

describe('GeoipLocator (SEC-7 city lookup)', () => {
  it('knows loopback, private, link-local and CGNAT ranges without the database', () => {
    for (const ip of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.0.9', '100.64.0.1', '::1', '::ffff:10.0.0.1', 'fd00::1', 'fe80::1']) {
      expect([ip, isLocalAddress(ip)]).toEqual([ip, true]);
    }
    for (const ip of ['8.8.8.8', '172.32.0.1', '100.128.0.1', '2001:db8::1', '::ffff:8.8.8.8']) expect([ip, isLocalAddress(ip)]).toEqual([ip, false]);
    const locator = new GeoipLocator();
    expect(locator.cityOf('192.168.0.10')).toBe(LOCAL_NETWORK);
    expect(locator.cityOf(undefined)).toBeUndefined();
    expect(locator.cityOf('not an ip')).toBeUndefined();
  });
});
