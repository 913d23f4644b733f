import { eventSchemas } from '@acc/kernel';
import type { DeregistrationEvent } from './events';

// The "other" reason and the reviewer's reason are free text; resource names come from other
// platforms (a sub-user's name may be a person's): all personal data, unreadable after deregistration.
const RESOURCE_NAMES = 'resources.*.name';

export const DEREGISTRATION_EVENT_SCHEMAS = eventSchemas<DeregistrationEvent['type']>({
  DeregistrationRequested: { version: 1, personalData: ['otherReason'] },
  DeregistrationResourcesChecked: { version: 1, personalData: [RESOURCE_NAMES] },
  DeregistrationResourcesAbandoned: { version: 1, personalData: [RESOURCE_NAMES] },
  DeregistrationCoolingOffStarted: { version: 1 },
  DeregistrationCoolingOffEnded: { version: 1 },
  DeregistrationFaceVerified: { version: 1 },
  DeregistrationSecurityFactorsVerified: { version: 1 },
  DeregistrationReviewOpened: { version: 1 },
  DeregistrationReviewOverdue: { version: 1 },
  DeregistrationReviewApproved: { version: 1 },
  DeregistrationReviewRejected: { version: 1, personalData: ['reason'] },
  DeregistrationRevoked: { version: 1 },
  DeregistrationAccountUpdated: { version: 1 },
  DeregistrationCompleted: { version: 1 },
});
