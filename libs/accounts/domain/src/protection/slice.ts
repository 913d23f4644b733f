import type { AccountSlice } from '../rules';
import type { ProtectionCommand } from './commands';
import { decideProtection } from './decide';
import type { ProtectionEvent } from './events';
import { evolveProtectionChanged } from './evolve';

/** Protection settings: login, operation and remote-login protection and the method they verify with. */
export const protectionSlice: AccountSlice<ProtectionCommand['type'], ProtectionEvent['type']> = {
  name: 'protection',
  stateVersion: 1,
  decide: { SetProtection: decideProtection },
  evolve: { ProtectionChanged: evolveProtectionChanged },
};
