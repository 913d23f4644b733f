import type { RegisteredAccount } from '../account-state';
import type { ProtectionChanged } from './events';

export const evolveProtectionChanged = (state: RegisteredAccount, event: ProtectionChanged): RegisteredAccount => ({
  ...state,
  protection: { ...state.protection, [event.data.protection]: { method: event.data.method, enabled: event.data.enabled } },
});
