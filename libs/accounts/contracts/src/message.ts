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

/** The erased marker and its test: the platform's published language. */
export { ERASED_VALUE, readable } from '@acc/contracts';
