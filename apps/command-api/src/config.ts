import { type AccountLimits, type CodePolicy, DEFAULT_CODE_POLICY, resolveLimits } from '@acc/accounts-domain';
import { type BridgeEnvConfig, bridgeConfig, type Env, envReader, type EnvReader, storageConfig } from '@acc/config';
import { DEFAULT_SCRYPT, type ScryptParams } from '@acc/crypto';
import { DEFAULT_LOGIN_APPLICATION_LIMITS, DEFAULT_SEND_LIMITS, type LoginApplicationLimitPolicy, type SendLimitPolicy } from '@acc/accounts-application';
import type { LoginAttemptPolicy } from '@acc/security-application';
import type { CatalogueExtension } from '@acc/security-catalogue';
import { type ApiKeyGrant, apiKeys, apiKeysConfigured } from './http/api-keys';
import { type ReadModelsConfig, readModelsConfig } from './queries/read-side.config';
import { type DeregistrationConfig, deregistrationConfig } from './accounts/deregistration.config';
import { type RecoveryConfig, recoveryConfig } from './accounts/recovery.config';
import { type ObservabilityConfig, observabilityConfig } from './observability/observability.config';

/** Everything the command app reads from its environment; see the README's configuration table. */
export interface AppConfig {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  /** When set, EventStoreDB replaces the embedded SQLite store. */
  readonly eventStoreUrl?: string;
  /** Calling teams and their scopes, by API key (ACC_API_KEYS, ACC_API_KEYS_FILE). */
  readonly apiKeys: ReadonlyMap<string, ApiKeyGrant>;
  /** False when no API key was configured and only the local development key is accepted. */
  readonly apiKeysConfigured: boolean;
  readonly masterKey?: string;
  readonly gatewaySecret: string;
  /** ACC_REALNAME_GATEWAY_SECRET: shared secret of the real-name verification gateway's assertions (RN-1). */
  readonly realNameGatewaySecret: string;
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
  /** X-3 (docs/adr/0008): how long idempotency records are served, and an owner's lease on a running one. */
  readonly idempotency: { readonly ttlSeconds: number; readonly leaseMs: number };
  /** Abuse limits per minute, counted per process (docs/adr/0009-abuse-limits.md); 0 turns one off. */
  readonly abuseLimits: AbuseLimits;
  /** Read side: MONGODB_URL, ACC_MONGODB_DB, ACC_PROJECTOR. */
  readonly readModels: ReadModelsConfig;
  /** ACC_BRIDGE: `in-process` (embedded default) runs the notification bridge in this process; `external`: apps/kafka-bridge does. */
  readonly bridge: BridgeEnvConfig & { readonly mode: 'in-process' | 'external' };
  /** The durable scheduler (docs/adr/0010): how often it looks for due timers (ACC_SCHEDULER_POLL_MS). */
  readonly scheduler: { readonly pollMs: number };
  /** DEREG-2/3/5: cooling-off, review business days and holidays, the face gateway, the resource service. */
  readonly deregistration: DeregistrationConfig;
  /** REC-1: recovery limits, request lifetime, review business days. */
  readonly recovery: RecoveryConfig;
  /** REC-3: ACC_LOGIN_APPLICATION_LIMIT_PER_IP / _PER_TEAM / _PER_ACCOUNT / _STEPS_PER_IP. */
  readonly loginApplicationLimits: LoginApplicationLimitPolicy;
  /** Logs, readiness and shutdown: ACC_LOG_LEVEL, ACC_LOG_FORMAT, ACC_READY_*, ACC_SHUTDOWN_TIMEOUT_MS. */
  readonly observability: ObservabilityConfig;
  readonly production: boolean;
}

const LOCAL_GATEWAY_SECRET = 'local-gateway-secret-0123456789abcdef';
const LOCAL_REALNAME_GATEWAY_SECRET = 'local-real-name-gateway-secret-0123456789';

export interface AbuseLimits {
  /** Codes and links sent. */
  readonly send: SendLimitPolicy;
  /** Login attempts (the per-account lockout is REG-5's, in ACC_LIMITS). */
  readonly login: LoginAttemptPolicy;
}

function abuseLimits(env: EnvReader): AbuseLimits {
  const perMinute = (name: string, fallback: number) => env.int(name, fallback, { min: 0 });
  return {
    send: {
      perAccount: perMinute('ACC_SEND_LIMIT_PER_ACCOUNT', DEFAULT_SEND_LIMITS.perAccount),
      perTeam: perMinute('ACC_SEND_LIMIT_PER_TEAM', DEFAULT_SEND_LIMITS.perTeam),
      perSourceIp: perMinute('ACC_SEND_LIMIT_PER_IP', DEFAULT_SEND_LIMITS.perSourceIp),
      global: perMinute('ACC_SEND_LIMIT_GLOBAL', DEFAULT_SEND_LIMITS.global),
    },
    login: { perSourceIp: perMinute('ACC_LOGIN_LIMIT_PER_IP', 30), perTeam: perMinute('ACC_LOGIN_LIMIT_PER_TEAM', 3000) },
  };
}

/** REC-3 abuse limits per minute (0 = off); the recovery's own limits are ACC_RECOVERY_LIMIT_*. */
function loginApplicationLimits(env: EnvReader): LoginApplicationLimitPolicy {
  const perMinute = (name: string, fallback: number) => env.int(name, fallback, { min: 0 });
  return {
    perSourceIp: perMinute('ACC_LOGIN_APPLICATION_LIMIT_PER_IP', DEFAULT_LOGIN_APPLICATION_LIMITS.perSourceIp),
    perTeam: perMinute('ACC_LOGIN_APPLICATION_LIMIT_PER_TEAM', DEFAULT_LOGIN_APPLICATION_LIMITS.perTeam),
    perAccount: perMinute('ACC_LOGIN_APPLICATION_LIMIT_PER_ACCOUNT', DEFAULT_LOGIN_APPLICATION_LIMITS.perAccount),
    stepsPerSourceIp: perMinute('ACC_LOGIN_APPLICATION_LIMIT_STEPS_PER_IP', DEFAULT_LOGIN_APPLICATION_LIMITS.stepsPerSourceIp),
  };
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
    apiKeysConfigured: apiKeysConfigured(env),
    gatewaySecret: env.secret('ACC_GATEWAY_SECRET', LOCAL_GATEWAY_SECRET),
    realNameGatewaySecret: env.secret('ACC_REALNAME_GATEWAY_SECRET', LOCAL_REALNAME_GATEWAY_SECRET),
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
    idempotency: {
      ttlSeconds: env.int('ACC_IDEMPOTENCY_TTL_SECONDS', 86_400, { min: 1 }),
      leaseMs: env.int('ACC_IDEMPOTENCY_LEASE_MS', 2_000, { min: 100, max: 60_000 }),
    },
    abuseLimits: abuseLimits(env),
    readModels: readModelsConfig(processEnv),
    bridge: { mode: env.oneOf('ACC_BRIDGE', ['in-process', 'external'], 'in-process'), ...bridgeConfig(env) },
    scheduler: { pollMs: env.int('ACC_SCHEDULER_POLL_MS', 1000, { min: 10, max: 60_000 }) },
    deregistration: deregistrationConfig(env),
    recovery: recoveryConfig(env),
    loginApplicationLimits: loginApplicationLimits(env),
    observability: observabilityConfig(env),
    production: env.production,
    ...overrides,
  };
}
