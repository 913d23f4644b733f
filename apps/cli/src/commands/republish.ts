import { join } from 'node:path';
import type { Command } from 'commander';
import { coreMessages } from '@acc/composition';
import { KafkaSink, type MessageSink, NdjsonFileSink } from '@acc/messaging';
import { DEFAULT_SOURCE, type OutboundMessage } from '@acc/ports';
import type { CliConfig } from '../config';
import { headPosition, withInfrastructure } from '../context';
import { UsageError } from '../errors';
import { scanLog } from '../export/scan';
import { positionOption } from '../options';
import { progress } from '../progress';

interface RepublishOptions {
  readonly from: number;
  readonly to?: number;
  readonly out?: string;
}

export function registerRepublish(program: Command): void {
  program
    .command('republish')
    .summary("send a range's notifications and integration events again, with their original ids")
    .description(
      "Maps the events of the range with the bridge's message table and sends the CloudEvents again with the ids the bridge gave them " +
        '(the event id, or <event id>:<n> for the n-th message of one event), so consumers that deduplicate by source + id see nothing twice. ' +
        'To Kafka when KAFKA_BROKERS is set, else appended to the NDJSON file of the embedded default. Codes that have expired since are not sent again.',
    )
    .requiredOption('--from <position>', 'first global position (inclusive)', positionOption)
    .option('--to <position>', 'last global position (inclusive); default: the end of the log', positionOption)
    .option('--out <file>', 'NDJSON file when KAFKA_BROKERS is not set (default <ACC_DATA_DIR>/notifications.ndjson)')
    .action(async (options: RepublishOptions, command: Command) => {
      if (options.to !== undefined && options.to < options.from) throw new UsageError('--to must not be before --from');
      const quiet = Boolean(command.optsWithGlobals().quiet);
      await withInfrastructure(async ({ config, infra }) => {
        if (options.out && config.bridge.kafka) throw new UsageError('--out is for the NDJSON file; unset KAFKA_BROKERS to use it');
        const sink = openSink(config, options.out);
        const source = config.bridge.source ?? DEFAULT_SOURCE;
        const head = headPosition(infra);
        const bar = progress({ label: 'republish', total: head === undefined ? undefined : Math.max(0, Math.min(head, options.to ?? head) - options.from + 1), quiet });
        let messages = 0;
        let events = 0;
        try {
          const selection = { from: { position: options.from }, ...(options.to !== undefined ? { to: { position: options.to } } : {}) };
          for await (const page of scanLog(infra.store, selection)) {
            const batch: OutboundMessage[] = [];
            for (const recorded of page.events) {
              if (!coreMessages.handles(recorded.type)) continue;
              const decoded = await infra.codec.decode(recorded);
              // `now` decides which codes have expired: those are not sent again, as after an outage.
              batch.push(...coreMessages.map({ ...recorded, data: decoded.data as Record<string, unknown> }, { source, now: new Date() }));
            }
            await sink.send(batch);
            messages += batch.length;
            events = page.scanned;
            bar.update(events);
          }
        } finally {
          bar.stop();
          await sink.close();
        }
        process.stdout.write(`republished ${messages} message(s) from ${events} event(s) to ${sink instanceof NdjsonFileSink ? sink.path : 'Kafka'}\n`);
      });
    });
}

function openSink(config: CliConfig, out: string | undefined): MessageSink {
  if (config.bridge.kafka) return new KafkaSink({ ...config.bridge.kafka });
  return new NdjsonFileSink(out ?? join(config.dataDir, 'notifications.ndjson'));
}
