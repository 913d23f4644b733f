import { readFileSync } from 'node:fs';
import { ConfigError, type EnvReader } from './env-reader';

export const KAFKA_SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type KafkaSaslMechanism = (typeof KAFKA_SASL_MECHANISMS)[number];

/** TLS and SASL of the Kafka client, as read from the environment (PEM texts already read from their files). */
export interface KafkaSecurityConfig {
  /** Set: connect with TLS. `ca` replaces the system's trusted roots; `cert` + `key` are a client certificate. */
  readonly ssl?: { readonly ca?: string; readonly cert?: string; readonly key?: string; readonly servername?: string };
  readonly sasl?: { readonly mechanism: KafkaSaslMechanism; readonly username: string; readonly password: string };
}

/** The variables this reads; any of them without KAFKA_BROKERS is refused (it would be silently ignored). */
export const KAFKA_SECURITY_VARIABLES = [
  'ACC_KAFKA_SSL',
  'ACC_KAFKA_SSL_CA_FILE',
  'ACC_KAFKA_SSL_CERT_FILE',
  'ACC_KAFKA_SSL_KEY_FILE',
  'ACC_KAFKA_SSL_SERVERNAME',
  'ACC_KAFKA_SASL_MECHANISM',
  'ACC_KAFKA_SASL_USERNAME',
  'ACC_KAFKA_SASL_PASSWORD',
  'ACC_KAFKA_SASL_PASSWORD_FILE',
] as const;

function pem(env: EnvReader, name: string): string | undefined {
  const path = env.string(name);
  if (path === undefined) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`${name}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

function ssl(env: EnvReader): KafkaSecurityConfig['ssl'] {
  const on = env.bool('ACC_KAFKA_SSL', false);
  const files = ['ACC_KAFKA_SSL_CA_FILE', 'ACC_KAFKA_SSL_CERT_FILE', 'ACC_KAFKA_SSL_KEY_FILE', 'ACC_KAFKA_SSL_SERVERNAME'].filter((name) => env.string(name) !== undefined);
  if (!on) {
    if (files.length) throw new ConfigError(`${files.join(', ')} given but ACC_KAFKA_SSL is not true: set ACC_KAFKA_SSL=true to connect with TLS`);
    return undefined;
  }
  const cert = pem(env, 'ACC_KAFKA_SSL_CERT_FILE');
  const key = pem(env, 'ACC_KAFKA_SSL_KEY_FILE');
  if ((cert === undefined) !== (key === undefined)) throw new ConfigError('ACC_KAFKA_SSL_CERT_FILE and ACC_KAFKA_SSL_KEY_FILE go together (a client certificate needs its key)');
  const ca = pem(env, 'ACC_KAFKA_SSL_CA_FILE');
  const servername = env.string('ACC_KAFKA_SSL_SERVERNAME');
  return { ...(ca ? { ca } : {}), ...(cert ? { cert, key } : {}), ...(servername ? { servername } : {}) };
}

function password(env: EnvReader): string | undefined {
  const inline = env.string('ACC_KAFKA_SASL_PASSWORD');
  const file = env.string('ACC_KAFKA_SASL_PASSWORD_FILE');
  if (inline !== undefined && file !== undefined) throw new ConfigError('set ACC_KAFKA_SASL_PASSWORD or ACC_KAFKA_SASL_PASSWORD_FILE, not both');
  if (file === undefined) return inline;
  try {
    // One trailing newline is the file's, not the password's.
    return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  } catch (error) {
    throw new ConfigError(`ACC_KAFKA_SASL_PASSWORD_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

function sasl(env: EnvReader, tls: boolean): KafkaSecurityConfig['sasl'] {
  const raw = env.string('ACC_KAFKA_SASL_MECHANISM');
  const mechanism = raw === undefined ? undefined : env.oneOf('ACC_KAFKA_SASL_MECHANISM', KAFKA_SASL_MECHANISMS, 'plain');
  const username = env.string('ACC_KAFKA_SASL_USERNAME');
  const secret = password(env);
  if (!mechanism) {
    const stray = [username !== undefined && 'ACC_KAFKA_SASL_USERNAME', secret !== undefined && 'ACC_KAFKA_SASL_PASSWORD(_FILE)'].filter(Boolean);
    if (stray.length) throw new ConfigError(`${stray.join(' and ')} given without ACC_KAFKA_SASL_MECHANISM (${KAFKA_SASL_MECHANISMS.join(', ')})`);
    return undefined;
  }
  if (username === undefined) throw new ConfigError(`ACC_KAFKA_SASL_MECHANISM=${mechanism} needs ACC_KAFKA_SASL_USERNAME`);
  if (secret === undefined || secret === '') throw new ConfigError(`ACC_KAFKA_SASL_MECHANISM=${mechanism} needs ACC_KAFKA_SASL_PASSWORD or ACC_KAFKA_SASL_PASSWORD_FILE`);
  // PLAIN sends the password as it is: over a connection without TLS anyone on the path reads it.
  if (mechanism === 'plain' && !tls && env.production) throw new ConfigError('ACC_KAFKA_SASL_MECHANISM=plain without ACC_KAFKA_SSL=true sends the password in clear; refused with NODE_ENV=production');
  return { mechanism, username, password: secret };
}

/**
 * ACC_KAFKA_SSL (boolean), ACC_KAFKA_SSL_CA_FILE / _CERT_FILE / _KEY_FILE (PEM files),
 * ACC_KAFKA_SSL_SERVERNAME, ACC_KAFKA_SASL_MECHANISM (plain, scram-sha-256, scram-sha-512),
 * ACC_KAFKA_SASL_USERNAME, ACC_KAFKA_SASL_PASSWORD or ACC_KAFKA_SASL_PASSWORD_FILE.
 * Incomplete or contradictory settings are refused at start-up (ConfigError naming the variables, never a value).
 */
export function kafkaSecurityConfig(env: EnvReader, brokersGiven: boolean): KafkaSecurityConfig {
  if (!brokersGiven) {
    const given = KAFKA_SECURITY_VARIABLES.filter((name) => env.raw(name) !== undefined && env.raw(name) !== '');
    if (given.length) throw new ConfigError(`${given.join(', ')} given but KAFKA_BROKERS is not set (the embedded NDJSON sink has no security settings)`);
    return {};
  }
  const tls = ssl(env);
  const auth = sasl(env, tls !== undefined);
  return { ...(tls ? { ssl: tls } : {}), ...(auth ? { sasl: auth } : {}) };
}
