import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load, YAML11_SCHEMA } from 'js-yaml';
import type { Env } from '@acc/config';
import { loadConfig } from '../../apps/command-api/src/config';
import { loadProjectorConfig } from '../../apps/projector/src/config';
import { loadBridgeAppConfig } from '../../apps/kafka-bridge/src/config';

// docs/deploy/compose.yaml is written by hand: every variable it gives an app must be one that
// app's configuration reads (a misspelt or retired name would be ignored in silence), and the
// configuration must accept the values, with NODE_ENV=production's stricter rules. YAML 1.1, as
// compose reads it: the apps share their settings through merge keys (<<).
const ROOT = join(__dirname, '../..');
const COMPOSE = join(ROOT, 'docs/deploy/compose.yaml');

/** What the operator exports before `docker compose up` (the file's `${NAME:?…}` references). */
const OPERATOR_ENV: Record<string, string> = {
  ACC_MASTER_KEY: randomBytes(32).toString('base64'),
  ACC_API_KEYS: `platform:${randomBytes(24).toString('hex')}:*`,
  ACC_GATEWAY_SECRET: randomBytes(32).toString('hex'),
  ACC_REALNAME_GATEWAY_SECRET: randomBytes(32).toString('hex'),
  ACC_FACE_GATEWAY_SECRET: randomBytes(32).toString('hex'),
};

/** Compose's interpolation: `${NAME}`, `${NAME:?message}` (required) and `${NAME:-default}`. */
function interpolate(text: string): string {
  return text.replace(/\$\{([A-Z0-9_]+)(?::([?-])([^}]*))?\}/g, (_all, name: string, kind?: string, rest?: string) => {
    const value = OPERATOR_ENV[name];
    if (value !== undefined) return value;
    if (kind === '-') return rest ?? '';
    throw new Error(`compose.yaml needs ${name}, which this test does not provide`);
  });
}

interface Service {
  readonly image?: string;
  readonly command?: readonly string[];
  readonly environment?: Record<string, string | number | boolean>;
}

type Loader = (env: Env) => unknown;
const LOADERS: Record<string, Loader> = {
  'dist/apps/command-api/src/main.js': (env) => loadConfig(env),
  'dist/apps/projector/src/main.js': (env) => loadProjectorConfig(env, []),
  'dist/apps/kafka-bridge/src/main.js': (env) => loadBridgeAppConfig(env),
};

/** The environment as the app sees it, recording every name the configuration asks for. */
function recordingEnv(given: Record<string, string>): { env: Env; read: Set<string> } {
  const read = new Set<string>();
  const env = new Proxy(given, {
    get(target, name) {
      if (typeof name === 'string') read.add(name);
      return typeof name === 'string' ? target[name] : undefined;
    },
  });
  return { env, read };
}

const services = (load(interpolate(readFileSync(COMPOSE, 'utf8')), { schema: YAML11_SCHEMA }) as { services: Record<string, Service> }).services;
const apps = Object.entries(services).filter(([, s]) => s.image === 'account-center-core');

describe('docs/deploy/compose.yaml', () => {
  it('runs the three apps of this repository, each from a built entry point', () => {
    expect(apps.map(([name]) => name).sort()).toEqual(['command-api', 'kafka-bridge', 'projector']);
    for (const [, service] of apps) {
      const entry = service.command?.[0] ?? '';
      expect(Object.keys(LOADERS)).toContain(entry);
      expect(existsSync(join(ROOT, entry.replace(/^dist\//, '').replace(/\.js$/, '.ts')))).toBe(true);
    }
  });

  it.each(apps)('%s: every variable it sets is read by its configuration, which accepts the values', (_name, service) => {
    const given = Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, String(v)]));
    const { env, read } = recordingEnv(given);
    expect(() => LOADERS[service.command?.[0] ?? ''](env)).not.toThrow();
    expect(Object.keys(given).filter((name) => !read.has(name))).toEqual([]);
    expect(given.NODE_ENV).toBe('production');
  });

  it('the check itself notices a variable no configuration reads', () => {
    const { env, read } = recordingEnv({ NODE_ENV: 'production', ...OPERATOR_ENV, ACC_NO_SUCH_SETTING: '1' });
    loadBridgeAppConfig(env);
    expect(read.has('ACC_NO_SUCH_SETTING')).toBe(false);
  });
});
