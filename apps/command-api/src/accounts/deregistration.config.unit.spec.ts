import { loadConfig } from '../config';

describe('deregistration configuration', () => {
  it('defaults: 15 days of cooling-off, 3 business days of review, no holidays, the embedded resource store', () => {
    expect(loadConfig({}).deregistration).toMatchObject({ coolingOffDays: 15, reviewBusinessDays: 3, holidays: [], resources: { url: undefined, timeoutMs: 3000 } });
  });

  it('reads the holidays, the periods and the resource service, and names what it refuses', () => {
    const config = loadConfig({ ACC_HOLIDAYS: '2026-10-01, 2026-10-02', ACC_DEREGISTRATION_COOLING_OFF_DAYS: '7', ACC_RESOURCES_URL: 'http://resources.internal', ACC_RESOURCES_KEY: 'k' }).deregistration;
    expect(config).toMatchObject({ coolingOffDays: 7, holidays: ['2026-10-01', '2026-10-02'], resources: { url: 'http://resources.internal', key: 'k' } });
    expect(() => loadConfig({ ACC_HOLIDAYS: '2026-02-30' })).toThrow(/ACC_HOLIDAYS/);
    expect(() => loadConfig({ ACC_RESOURCES_URL: 'http://resources.internal' })).toThrow(/ACC_RESOURCES_KEY/);
    expect(() => loadConfig({ ACC_DEREGISTRATION_COOLING_OFF_DAYS: '0' })).toThrow(/ACC_DEREGISTRATION_COOLING_OFF_DAYS/);
  });
});
