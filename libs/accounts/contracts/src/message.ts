/**
 * The outbound-message envelope (CloudEvents 1.0, structured JSON mode) is a platform port:
 * `@acc/ports` (outbound-message). Re-exported here so the account contracts keep their names.
 */
export {
  CLOUDEVENTS_SPEC_VERSION,
  type CloudEventJson,
  type DecodedEvent,
  DEFAULT_SOURCE,
  JSON_CONTENT_TYPE,
  type MapContext,
  type MessageChannel,
  type OutboundMessage,
} from '@acc/ports';

/**
 * What a read gives in place of personal data whose key was destroyed. Mirrors
 * `ERASED` of @acc/security (pure contracts cannot import it; a messaging test checks both agree).
 */
export const ERASED_VALUE = '[erased]';

/** True when a personal-data value can be used: present and not crypto-shredded. */
export function readable(value: unknown): boolean {
  return value !== undefined && value !== null && value !== ERASED_VALUE;
}
