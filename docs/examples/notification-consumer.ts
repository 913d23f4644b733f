/**
 * Example consumer of `account-center.notifications.v1` (docs/asyncapi.yaml): an e-mail/SMS
 * sender. Self-contained (kafkajs + cloudevents only) so another team can copy it.
 *
 *   npx tsc --outDir /tmp/consumer --module commonjs --target es2022 --esModuleInterop --skipLibCheck docs/examples/notification-consumer.ts
 *   KAFKA_BROKERS=127.0.0.1:19092 NODE_PATH=node_modules node /tmp/consumer/notification-consumer.js
 *
 * What it shows:
 * - at-least-once delivery -> deduplicate by CloudEvents `source` + `id` (the id is stable when the
 *   bridge republishes after a crash);
 * - order per account -> handle each partition's records one after the other (`eachMessage` does);
 *   offsets are committed after the handler resolved, so a crash redelivers, never skips;
 * - unknown types are ignored (new ones may appear on the topic at any time);
 * - the code is sent and never logged.
 */
import { CloudEvent, Kafka as CloudEventsKafka, type KafkaMessage } from 'cloudevents';
import { Kafka, logLevel } from 'kafkajs';

// ---- the schemas this consumer relies on (docs/asyncapi.yaml) ----
interface VerificationCodeRequestedV1 {
  verificationId: string;
  channel: 'email' | 'sms';
  purpose: string;
  recipient: string;
  code: string;
  expiresAt: string;
  issuedAt: string;
}
interface AccountWelcomeRequestedV1 {
  accountId: string;
  channel: 'email' | 'sms';
  recipient: string;
  trigger: 'registered' | 'registration-completed';
  occurredAt: string;
}
interface SecurityAlertRequestedV1 {
  accountId: string;
  alert: string;
  occurredAt: string;
  details: Record<string, string | number | boolean | null>;
}

// ---- delivery (stubs: plug in the real e-mail/SMS providers) ----
async function sendEmail(to: string, subject: string, body: string): Promise<void> {
  void body; // the body may hold a code: never log it
  console.log(`[mail] "${subject}" to ${mask(to)}`);
}
async function sendSms(to: string, text: string): Promise<void> {
  void text;
  console.log(`[sms] to ${mask(to)}`);
}
/** Security alerts name no recipient: look up the account's security phone and e-mail (account query API). */
async function securityContacts(accountId: string): Promise<{ phone?: string; email?: string }> {
  void accountId;
  return {};
}
const mask = (address: string) => address.replace(/^(.).*(.{4})$/, '$1***$2');

// ---- deduplication ----
/**
 * Ids already handled. In memory here (bounded, oldest evicted) so a redelivery shortly after a
 * restart of the *bridge* is skipped; a production sender keeps them durably (e.g. a table with a
 * unique key on source+id and a TTL of a few days), written in the same step as "sent".
 */
class SeenIds {
  private readonly ids = new Set<string>();
  constructor(private readonly capacity = 100_000) {}
  has(id: string) {
    return this.ids.has(id);
  }
  add(id: string) {
    this.ids.add(id);
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value as string);
  }
}

async function handle(event: CloudEvent<unknown>): Promise<void> {
  switch (event.type) {
    case 'verification-code.requested.v1': {
      const d = event.data as VerificationCodeRequestedV1;
      if (Date.parse(d.expiresAt) <= Date.now()) return; // useless now: do not send
      if (d.channel === 'email') await sendEmail(d.recipient, 'Your verification code', `Your code is ${d.code}. It expires at ${d.expiresAt}.`);
      else await sendSms(d.recipient, `Your verification code is ${d.code}`);
      return;
    }
    case 'account-welcome.requested.v1': {
      const d = event.data as AccountWelcomeRequestedV1;
      if (d.channel === 'email') await sendEmail(d.recipient, 'Welcome', `Your account ${d.accountId} is ready.`);
      else await sendSms(d.recipient, `Welcome! Your account ${d.accountId} is ready.`);
      return;
    }
    case 'security-alert.requested.v1': {
      const d = event.data as SecurityAlertRequestedV1;
      const to = await securityContacts(d.accountId);
      const text = `Security notice for account ${d.accountId}: ${d.alert} at ${d.occurredAt}`;
      if (to.email) await sendEmail(to.email, 'Security notice', text);
      if (to.phone) await sendSms(to.phone, text);
      return;
    }
    default:
      return; // a type this sender does not know (yet): skip it
  }
}

async function main() {
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',');
  const topic = `${process.env.ACC_KAFKA_TOPIC_PREFIX ?? 'account-center.'}notifications.v1`;
  const kafka = new Kafka({ clientId: 'notification-sender', brokers, logLevel: logLevel.WARN });
  const consumer = kafka.consumer({ groupId: 'notification-sender' });
  const seen = new SeenIds();

  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: false });
  await consumer.run({
    // One record at a time per partition: an account's notifications are handled in order.
    eachMessage: async ({ message, partition }) => {
      const incoming: KafkaMessage<string> = {
        key: message.key?.toString() ?? '',
        value: message.value?.toString() ?? '',
        body: message.value?.toString() ?? '',
        headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
      };
      let event: CloudEvent<unknown>;
      try {
        event = CloudEventsKafka.toEvent(incoming) as CloudEvent<unknown>;
      } catch {
        console.warn(`skipping a record that is not a CloudEvent (partition ${partition}, offset ${message.offset})`);
        return;
      }
      const dedupeKey = `${event.source} ${event.id}`;
      if (seen.has(dedupeKey)) return; // a redelivery: already handled
      await handle(event); // throws -> not committed -> redelivered (kafkajs retries, then restarts the consumer)
      seen.add(dedupeKey);
    },
  });

  const stop = async () => {
    await consumer.disconnect(); // commits the offsets of handled records
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
