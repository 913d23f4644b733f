import { parseHolidays } from '@acc/accounts-domain';
import { ConfigError, type EnvReader } from '@acc/config';

/** Deregistration (DEREG-2/3/5): what the command app reads for it; see the README's configuration table. */
export interface DeregistrationConfig {
  /** ACC_DEREGISTRATION_COOLING_OFF_DAYS (default 15). */
  readonly coolingOffDays: number;
  /** ACC_DEREGISTRATION_REVIEW_DAYS: business days a manual review is due within (default 3). */
  readonly reviewBusinessDays: number;
  /** ACC_HOLIDAYS: local dates skipped by business-day counts, e.g. 2026-10-01,2026-10-02. */
  readonly holidays: readonly string[];
  /** ACC_FACE_GATEWAY_SECRET: the face-verification gateway's signing secret (required in production). */
  readonly faceGatewaySecret: string;
  /** ACC_RESOURCES_URL + ACC_RESOURCES_KEY: the platform's resource service; unset, the embedded store (platform-resources.db). */
  readonly resources: { readonly url?: string; readonly key?: string; readonly timeoutMs: number };
}

const LOCAL_FACE_GATEWAY_SECRET = 'local-face-gateway-secret-0123456789abcdef';

export function deregistrationConfig(env: EnvReader): DeregistrationConfig {
  let holidays: string[];
  try {
    holidays = parseHolidays(env.list('ACC_HOLIDAYS'));
  } catch (error) {
    throw new ConfigError(`ACC_HOLIDAYS: ${error instanceof Error ? error.message : 'invalid'}`);
  }
  const url = env.string('ACC_RESOURCES_URL');
  const key = env.string('ACC_RESOURCES_KEY');
  if (url && !key) throw new ConfigError('ACC_RESOURCES_KEY must be set with ACC_RESOURCES_URL');
  return {
    coolingOffDays: env.int('ACC_DEREGISTRATION_COOLING_OFF_DAYS', 15, { min: 1, max: 365 }),
    reviewBusinessDays: env.int('ACC_DEREGISTRATION_REVIEW_DAYS', 3, { min: 1, max: 60 }),
    holidays,
    faceGatewaySecret: env.secret('ACC_FACE_GATEWAY_SECRET', LOCAL_FACE_GATEWAY_SECRET),
    resources: { url, key, timeoutMs: env.int('ACC_RESOURCES_TIMEOUT_MS', 3000, { min: 100, max: 60_000 }) },
  };
}
