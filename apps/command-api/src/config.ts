import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type AccountLimits, type CodePolicy, DEFAULT_CODE_POLICY, resolveLimits } from '@acc/accounts-domain';
import { DEFAULT_SCRYPT, type ScryptParams } from '@acc/crypto';
import type { CatalogueExtension } from '@acc/security-catalogue';
import { type ReadModelsConfig, readModelsConfig } from './queries/read-side.config';

/** Everything the system reads from its environment; see the README's configuration table. */
export interface AppConfig {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  /** When set, EventStoreDB replaces the embedded SQLite store. */
  readonly eventStoreUrl?: string;
  /** Calling teams, by API key. */
  readonly apiKeys: ReadonlyMap<string, string>;
  readonly masterKey?: string;
  readonly gatewaySecret: string;
  readonly limits: AccountLimits;
  readonly codePolicy: CodePolicy;
  readonly scrypt: ScryptParams;
  /** How long an identity verification (SEC-1) covers sensitive changes. */
  readonly idvValidSeconds: number;
  /** How long a login challenge (login protection, remote-login IDV) can be answered (SEC-4, SEC-7). */
  readonly loginChallengeSeconds: number;
  /** Issuer shown by authenticator apps for virtual MFA. */
  readonly totpIssuer: string;
  /** SEC-3 beta: hardware MFA behind a flag, with the seeds of the known tokens by serial number. */
  /** SEC-6: platform teams' additions to the sensitive-operation catalogue (parsed JSON). */
  readonly operationCatalogueExtensions: readonly CatalogueExtension[];
  /** CRED-2: how long a password-reset link stays valid. */
  readonly passwordResetMinutes: number;
  readonly hardwareMfa: { readonly enabled: boolean; readonly tokens: Readonly<Record<string, string>> };
  /** Read side: MONGODB_URL, ACC_MONGODB_DB, ACC_PROJECTOR. */
  readonly readModels: ReadModelsConfig;
  readonly production: boolean;
}

const LOCAL_API_KEY = 'local-dev-key';
const LOCAL_GATEWAY_SECRET = 'local-gateway-secret-0123456789abcdef';

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<AppConfig> = {}): AppConfig {
  const production = env.NODE_ENV === 'production';
  const need = (name: string, fallback: string) => {
    const value = env[name];
    if (value) return value;
    if (production) throw new Error(`${name} must be set when NODE_ENV=production`);
    return fallback;
  };
  const apiKeys = new Map<string, string>();
  for (const pair of need('ACC_API_KEYS', `local:${LOCAL_API_KEY}`).split(',')) {
    const [team, key] = pair.split(':').map((s) => s.trim());
    if (!team || !key) throw new Error('ACC_API_KEYS must look like team-a:key1,team-b:key2');
    apiKeys.set(key, team);
  }
  const limitsJson = env.ACC_LIMITS_FILE ? readFileSync(env.ACC_LIMITS_FILE, 'utf8') : env.ACC_LIMITS;
  const int = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer`);
    return n;
  };
  return {
    host: env.HOST ?? '127.0.0.1',
    port: int('PORT', 3000),
    dataDir: resolve(env.ACC_DATA_DIR ?? 'data'),
    eventStoreUrl: env.EVENTSTORE_URL || undefined,
    apiKeys,
    masterKey: env.ACC_MASTER_KEY || undefined,
    gatewaySecret: need('ACC_GATEWAY_SECRET', LOCAL_GATEWAY_SECRET),
    limits: resolveLimits(limitsJson ? JSON.parse(limitsJson) : undefined),
    codePolicy: {
      ttlSeconds: int('ACC_CODE_TTL_SECONDS', DEFAULT_CODE_POLICY.ttlSeconds),
      maxAttempts: int('ACC_CODE_MAX_ATTEMPTS', DEFAULT_CODE_POLICY.maxAttempts),
      resendIntervalSeconds: int('ACC_CODE_RESEND_SECONDS', DEFAULT_CODE_POLICY.resendIntervalSeconds),
    },
    scrypt: { ...DEFAULT_SCRYPT, N: int('ACC_SCRYPT_N', DEFAULT_SCRYPT.N) },
    idvValidSeconds: int('ACC_IDV_VALID_SECONDS', 600),
    loginChallengeSeconds: int('ACC_LOGIN_CHALLENGE_SECONDS', 300),
    totpIssuer: env.ACC_TOTP_ISSUER ?? 'Account Center',
    operationCatalogueExtensions: env.ACC_SENSITIVE_OPERATIONS_FILE ? [JSON.parse(readFileSync(env.ACC_SENSITIVE_OPERATIONS_FILE, 'utf8')) as CatalogueExtension] : [],
    passwordResetMinutes: int('ACC_PASSWORD_RESET_MINUTES', 30),
    hardwareMfa: {
      enabled: env.ACC_FEATURE_HARDWARE_MFA === 'true',
      tokens: env.ACC_HARDWARE_MFA_TOKENS ? (JSON.parse(env.ACC_HARDWARE_MFA_TOKENS) as Record<string, string>) : {},
    },
    readModels: readModelsConfig(env),
    production,
    ...overrides,
  };
}
