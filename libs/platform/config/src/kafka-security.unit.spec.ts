import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bridgeConfig } from './bridge';
import { envReader } from './env-reader';

describe('Kafka security settings (TLS, SASL)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'acc-kafka-security-'));
  const ca = join(dir, 'ca.pem');
  const passwordFile = join(dir, 'password');
  writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
  writeFileSync(passwordFile, 's3cret-from-file\n');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const kafka = (env: Record<string, string>) => bridgeConfig(envReader({ KAFKA_BROKERS: 'k:9093', ...env })).kafka;

  it('nothing set: plaintext without authentication, as before', () => {
    expect(kafka({})).not.toHaveProperty('ssl');
    expect(kafka({})).not.toHaveProperty('sasl');
  });

  it('reads TLS with a CA file and each SASL mechanism', () => {
    expect(kafka({ ACC_KAFKA_SSL: 'true' })?.ssl).toEqual({});
    expect(kafka({ ACC_KAFKA_SSL: 'true', ACC_KAFKA_SSL_CA_FILE: ca })?.ssl).toEqual({ ca: expect.stringContaining('BEGIN CERTIFICATE') });
    for (const mechanism of ['plain', 'scram-sha-256', 'scram-sha-512'] as const) {
      expect(kafka({ ACC_KAFKA_SSL: 'true', ACC_KAFKA_SASL_MECHANISM: mechanism, ACC_KAFKA_SASL_USERNAME: 'bridge', ACC_KAFKA_SASL_PASSWORD: 'pw' })?.sasl).toEqual({ mechanism, username: 'bridge', password: 'pw' });
    }
    expect(kafka({ ACC_KAFKA_SASL_MECHANISM: 'scram-sha-512', ACC_KAFKA_SASL_USERNAME: 'bridge', ACC_KAFKA_SASL_PASSWORD_FILE: passwordFile })?.sasl).toMatchObject({ password: 's3cret-from-file' });
  });

  it('refuses incomplete or contradictory settings at start-up, naming variables and never the password', () => {
    const refusals: Array<[Record<string, string>, RegExp]> = [
      [{ ACC_KAFKA_SASL_MECHANISM: 'scram-sha-1' }, /ACC_KAFKA_SASL_MECHANISM must be "plain" or "scram-sha-256" or "scram-sha-512"/],
      [{ ACC_KAFKA_SASL_MECHANISM: 'scram-sha-256', ACC_KAFKA_SASL_PASSWORD: 'hunter2' }, /needs ACC_KAFKA_SASL_USERNAME/],
      [{ ACC_KAFKA_SASL_MECHANISM: 'scram-sha-256', ACC_KAFKA_SASL_USERNAME: 'u' }, /needs ACC_KAFKA_SASL_PASSWORD or ACC_KAFKA_SASL_PASSWORD_FILE/],
      [{ ACC_KAFKA_SASL_USERNAME: 'u', ACC_KAFKA_SASL_PASSWORD: 'hunter2' }, /given without ACC_KAFKA_SASL_MECHANISM/],
      [{ ACC_KAFKA_SASL_MECHANISM: 'plain', ACC_KAFKA_SASL_USERNAME: 'u', ACC_KAFKA_SASL_PASSWORD: 'hunter2', ACC_KAFKA_SASL_PASSWORD_FILE: passwordFile }, /not both/],
      [{ ACC_KAFKA_SSL_CA_FILE: ca }, /ACC_KAFKA_SSL_CA_FILE given but ACC_KAFKA_SSL is not true/],
      [{ ACC_KAFKA_SSL: 'true', ACC_KAFKA_SSL_CA_FILE: join(dir, 'missing.pem') }, /ACC_KAFKA_SSL_CA_FILE: cannot read .*missing\.pem \(ENOENT\)/],
      [{ ACC_KAFKA_SSL: 'true', ACC_KAFKA_SSL_CERT_FILE: ca }, /ACC_KAFKA_SSL_CERT_FILE and ACC_KAFKA_SSL_KEY_FILE go together/],
      [{ ACC_KAFKA_SSL: 'maybe' }, /ACC_KAFKA_SSL must be true or false/],
      [{ NODE_ENV: 'production', ACC_KAFKA_SASL_MECHANISM: 'plain', ACC_KAFKA_SASL_USERNAME: 'u', ACC_KAFKA_SASL_PASSWORD: 'hunter2' }, /plain without ACC_KAFKA_SSL=true sends the password in clear/],
    ];
    for (const [env, message] of refusals) {
      let error: unknown;
      try {
        kafka(env);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain('hunter2');
    }
  });

  it('refuses security settings without KAFKA_BROKERS (they would be ignored silently)', () => {
    expect(() => bridgeConfig(envReader({ ACC_KAFKA_SASL_MECHANISM: 'plain' }))).toThrow(/ACC_KAFKA_SASL_MECHANISM given but KAFKA_BROKERS is not set/);
    expect(bridgeConfig(envReader({})).kafka).toBeUndefined();
  });
});
