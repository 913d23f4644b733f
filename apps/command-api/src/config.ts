import { type AccountLimits, type CodePolicy, DEFAULT_CODE_POLICY, resolveLimits } from '@acc/accounts-domain';
import { type BridgeEnvConfig, bridgeConfig, ConfigError, type Env, envReader, type EnvReader, storageConfig } from '@acc/config';
import { DEFAULT_SCRYPT, type ScryptParams } from '@acc/crypto';
import type { CatalogueExtension } from '@acc/security-catalogue';
import { type ReadModelsConfig, readModelsConfig } from './queries/read-side.config';

/** Everything the command app reads from its environment; see the README's configuration table. */
export interface AppConfig {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  /** When set, EventStoreDB replaces the embedded SQLite store. */
  readonly eventStoreUrl?: string;
  /** Calling teams, by API key. */
  readonly apiKeys: ReadonlyMap<string, string>;
  /** False when ACC_API_KEYS was not given and only the local development key is accepted. */
  readonly apiKeysConfigured: boolean;
  readonly masterKey?: string;
  readonly gatewaySecret: string;
  /** ACC_TRUST_PROXY: take the client address from X-Forwarded-For (behind the gateway only). */
  readonly trustProxy: boolean;
  readonly limits: AccountLimits;
  readonly codePolicy: CodePolicy;
  readonly scrypt: ScryptParams;
  /** How long an identity verification (SEC-1) covers sensitive changes. */
  readonly idvValidSeconds: number;
  /** How long a login challenge (login protection, remote-login IDV) can be answered (SEC-4, SEC-7). */
  readonly loginChallengeSeconds: number;
  /** Issuer shown by authenticator apps for virtual MFA. */
  readonly totpIssuer: string;
  /** SEC-6: platform teams' additions to the sensitive-operation catalogue (parsed JSON). */
  readonly operationCatalogueExtensions: readonly CatalogueExtension[];
  /** CRED-2: how long a password-reset link stays valid. */
  readonly passwordResetMinutes: number;
  /** SEC-3 beta: hardware MFA behind a flag, with the seeds of the known tokens by serial number. */
  readonly hardwareMfa: { readonly enabled: boolean; readonly tokens: Readonly<Record<string, string>> };
  /** Read side: MONGODB_URL, ACC_MONGODB_DB, ACC_PROJECTOR. */
  readonly readModels: ReadModelsConfig;
  /** ACC_BRIDGE: `in-process` (embedded default) runs the notification bridge in this process; `external`: apps/kafka-bridge does. */
  readonly bridge: BridgeEnvConfig & { readonly mode: 'in-process' | 'external' };
  readonly production: boolean;
}

const LOCAL_API_KEY = 'local-dev-key';
const LOCAL_GATEWAY_SECRET = 'local-gateway-secret-0123456789abcdef';

function apiKeys(env: EnvReader): Map<string, string> {
  const keys = new Map<string, string>();
  const given = env.list('ACC_API_KEYS');
  for (const pair of given.length ? given : [env.secret('ACC_API_KEYS', `local:${LOCAL_API_KEY}`)]) {
    const [team, key] = pair.split(':').map((s) => s.trim());
    if (!team || !key) throw new ConfigError('ACC_API_KEYS must look like team-a:key1,team-b:key2');
    keys.set(key, team);
  }
  return keys;
}

export function loadConfig(processEnv: Env = process.env, overrides: Partial<AppConfig> = {}): AppConfig {
  const env = envReader(processEnv);
  const limits = env.jsonFile('ACC_LIMITS_FILE') ?? env.json('ACC_LIMITS');
  const extensions = env.jsonFile<CatalogueExtension>('ACC_SENSITIVE_OPERATIONS_FILE');
  return {
    host: env.string('HOST', '127.0.0.1'),
    port: env.int('PORT', 3000, { max: 65535 }),
    ...storageConfig(env, { createsMasterKey: true }),
    apiKeys: apiKeys(env),
    apiKeysConfigured: env.list('ACC_API_KEYS').length > 0,
    gatewaySecret: env.secret('ACC_GATEWAY_SECRET', LOCAL_GATEWAY_SECRET),
    trustProxy: env.bool('ACC_TRUST_PROXY', false),
    limits: resolveLimits(limits),
    codePolicy: {
      ttlSeconds: env.int('ACC_CODE_TTL_SECONDS', DEFAULT_CODE_POLICY.ttlSeconds, { min: 1 }),
      maxAttempts: env.int('ACC_CODE_MAX_ATTEMPTS', DEFAULT_CODE_POLICY.maxAttempts, { min: 1 }),
      resendIntervalSeconds: env.int('ACC_CODE_RESEND_SECONDS', DEFAULT_CODE_POLICY.resendIntervalSeconds),
    },
    scrypt: { ...DEFAULT_SCRYPT, N: env.int('ACC_SCRYPT_N', DEFAULT_SCRYPT.N, { min: 2 }) },
    idvValidSeconds: env.int('ACC_IDV_VALID_SECONDS', 600, { min: 1 }),
    loginChallengeSeconds: env.int('ACC_LOGIN_CHALLENGE_SECONDS', 300, { min: 1 }),
    totpIssuer: env.string('ACC_TOTP_ISSUER', 'Account Center'),
    operationCatalogueExtensions: extensions ? [extensions] : [],
    passwordResetMinutes: env.int('ACC_PASSWORD_RESET_MINUTES', 30, { min: 1 }),
    hardwareMfa: {
      enabled: env.bool('ACC_FEATURE_HARDWARE_MFA', false),
      tokens: env.json<Record<string, string>>('ACC_HARDWARE_MFA_TOKENS') ?? {},
    },
    readModels: readModelsConfig(processEnv),
    bridge: { mode: env.oneOf('ACC_BRIDGE', ['in-process', 'external'], 'in-process'), ...bridgeConfig(env) },
    production: env.production,
    ...overrides,
  };
}
