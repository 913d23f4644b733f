import { type BridgeEnvConfig, bridgeConfig, type Env, envReader, storageConfig, type StorageConfig } from '@acc/config';

/** What the standalone bridge reads from its environment (same names as the command app). */
export interface BridgeAppConfig extends StorageConfig {
  readonly bridge: BridgeEnvConfig;
}

export function loadBridgeAppConfig(processEnv: Env): BridgeAppConfig {
  const env = envReader(processEnv);
  // It only reads the events: it never creates a master key (notifications would lose every personal field).
  return { ...storageConfig(env, { createsMasterKey: false }), bridge: bridgeConfig(env) };
}
