import { decideWith } from '@acc/kernel';
import type { RegisteredAccount } from '../account-state';
import type { AccountSlice } from '../rules';
import type { ContactCommand } from './commands';
import { decideConfirmContactChange, decideRequestContactChange, decideSecurityEmail, decideSecurityPhone } from './decide';
import type { ContactEvent } from './events';
import { evolveContactChangeRequested, evolveContactEmail, evolveContactPhone, evolveSecurityEmail, evolveSecurityPhone } from './evolve';

/** Security phone and email, contact phone and email (CRED-3, CRED-4). */
export const contactsSlice: AccountSlice<ContactCommand['type'], ContactEvent['type']> = {
  name: 'contacts',
  stateVersion: 1,
  decide: {
    ChangeSecurityPhone: decideSecurityPhone,
    ChangeSecurityEmail: decideSecurityEmail,
    RequestContactChange: decideRequestContactChange,
    ConfirmContactChange: decideConfirmContactChange,
  },
  evolve: {
    SecurityPhoneChanged: evolveSecurityPhone,
    SecurityEmailChanged: evolveSecurityEmail,
    ContactChangeRequested: evolveContactChangeRequested,
    ContactPhoneChanged: evolveContactPhone,
    ContactEmailChanged: evolveContactEmail,
  },
};

/** Decides a contacts command on a registered account. */
export const decideContacts = (command: ContactCommand, state: RegisteredAccount) => decideWith(contactsSlice.decide, command, state);
