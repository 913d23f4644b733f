import type { OutboundMessage } from '@acc/ports';

/**
 * Where the bridge delivers messages. `send` resolves only once every message of the call is
 * durable at the destination (Kafka: acknowledged by all in-sync replicas; file: fsynced), in
 * the order given per key; the bridge advances its checkpoint only after that. A rejected `send`
 * may have delivered part of the messages: the bridge sends them all again (at least once).
 */
export interface MessageSink {
  /** Short name for logs and the checkpoint file (`kafka`, `ndjson`). */
  readonly name: string;
  send(messages: readonly OutboundMessage[]): Promise<void>;
  close(): Promise<void>;
}
