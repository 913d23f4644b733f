import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CommandObserver, CommandOutcome } from '@acc/application';
import type { GroupCommit } from '@acc/event-store';

/** How far a consumer of the log stands behind its head, read when Prometheus scrapes. */
export interface ConsumerLag {
  /** Position of the last event the consumer acknowledged; null: none yet. */
  readonly position: number | null;
  /** Head of the log minus the position; undefined when the store cannot say. */
  readonly events?: number;
  /** Age of the oldest event not yet consumed (0 when none is waiting). */
  readonly seconds: number;
}

/** A consumer the metrics follow: the projector, the notification bridge, the scheduler. */
export interface WatchedConsumer {
  readonly name: string;
  lag(): Promise<ConsumerLag>;
}

const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The command process's Prometheus series, on a registry of its own (a test process holds
 * several systems). Labels are bounded: aggregate and command types, route patterns (never a
 * raw URL), limit names (never a key). See docs/adr/0021-observability.md for the list.
 */
export class AppMetrics implements CommandObserver {
  readonly registry = new Registry();
  private readonly commands = new Counter({ name: 'acc_commands_total', help: 'Commands executed, by aggregate, command type and outcome', labelNames: ['aggregate', 'command', 'outcome'], registers: [this.registry] });
  private readonly commandSeconds = new Histogram({ name: 'acc_command_duration_seconds', help: 'Command latency (load, decide, append, retries)', labelNames: ['aggregate', 'command', 'outcome'], buckets: SECONDS, registers: [this.registry] });
  private readonly appendSeconds = new Histogram({ name: 'acc_event_store_append_duration_seconds', help: 'Event-store append latency as a command waits for it', labelNames: ['outcome'], buckets: SECONDS, registers: [this.registry] });
  private readonly appendEvents = new Counter({ name: 'acc_event_store_appended_events_total', help: 'Events appended by commands', registers: [this.registry] });
  private readonly commitWrites = new Histogram({ name: 'acc_event_store_group_commit_writes', help: 'Writes (appends and snapshots) per SQLite group commit', buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256], registers: [this.registry] });
  private readonly commitSeconds = new Histogram({ name: 'acc_event_store_group_commit_duration_seconds', help: 'Duration of one SQLite group commit (one fsync)', buckets: SECONDS, registers: [this.registry] });
  private readonly httpRequests = new Counter({ name: 'acc_http_requests_total', help: 'HTTP requests answered, by method, route pattern and status', labelNames: ['method', 'route', 'status'], registers: [this.registry] });
  private readonly httpSeconds = new Histogram({ name: 'acc_http_request_duration_seconds', help: 'HTTP request latency, by method and route pattern', labelNames: ['method', 'route'], buckets: SECONDS, registers: [this.registry] });
  private readonly refusals = new Counter({ name: 'acc_rate_limit_refusals_total', help: 'Requests refused by an abuse limit, by problem code and limit', labelNames: ['code', 'limit'], registers: [this.registry] });
  private readonly consumers = new Map<string, WatchedConsumer>();
  private timersPending: () => number = () => 0;
  private lagsReading?: Promise<Map<string, ConsumerLag>>;

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
    // A registry collects its metrics side by side: the three gauges share one reading of the consumers per scrape.
    const lagGauge = (name: string, help: string, pick: (lag: ConsumerLag) => number | null | undefined) => {
      const gauge: Gauge = new Gauge({
        name,
        help,
        labelNames: ['consumer'],
        registers: [this.registry],
        collect: async () => {
          const lags = await this.readLags();
          gauge.reset();
          for (const [consumer, lag] of lags) {
            const v = pick(lag);
            if (v !== null && v !== undefined) gauge.set({ consumer }, v);
          }
        },
      });
    };
    lagGauge('acc_consumer_position', 'Log position of the last event a consumer acknowledged', (lag) => lag.position);
    lagGauge('acc_consumer_lag_events', 'Head of the log minus the consumer position', (lag) => lag.events);
    lagGauge('acc_consumer_lag_seconds', 'Age of the oldest event a consumer has not consumed yet (0 when caught up)', (lag) => lag.seconds);
    const metrics = this;
    new Gauge({
      name: 'acc_scheduler_timers_pending',
      help: 'Durable timers waiting to fire',
      registers: [this.registry],
      collect() {
        this.set(metrics.timersPending());
      },
    });
  }

  commandStarted(aggregate: string, command: string): (outcome: CommandOutcome) => void {
    const end = this.commandSeconds.startTimer({ aggregate, command });
    return (outcome) => {
      this.commands.inc({ aggregate, command, outcome });
      end({ outcome });
    };
  }

  appendStarted(events: number): (outcome: 'ok' | 'conflict' | 'error') => void {
    const end = this.appendSeconds.startTimer();
    return (outcome) => {
      if (outcome === 'ok') this.appendEvents.inc(events);
      end({ outcome });
    };
  }

  groupCommitted(commit: GroupCommit): void {
    this.commitWrites.observe(commit.writes);
    this.commitSeconds.observe(commit.seconds);
  }

  httpAnswered(method: string, route: string, status: number, seconds: number): void {
    this.httpRequests.inc({ method, route, status: String(status) });
    this.httpSeconds.observe({ method, route }, seconds);
  }

  rateLimitRefused(code: string, limit: string): void {
    this.refusals.inc({ code, limit });
  }

  /** Follows a consumer's lag from now on (a second one of the same name replaces the first). */
  watchConsumer(consumer: WatchedConsumer): void {
    this.consumers.set(consumer.name, consumer);
  }

  watchTimers(pending: () => number): void {
    this.timersPending = pending;
  }

  /** Every watched consumer's lag, read once for the gauges of one scrape (a consumer that cannot say is left out). */
  private readLags(): Promise<Map<string, ConsumerLag>> {
    this.lagsReading ??= (async () => {
      const lags = new Map<string, ConsumerLag>();
      for (const consumer of this.consumers.values()) {
        const lag = await consumer.lag().catch(() => undefined);
        if (lag) lags.set(consumer.name, lag);
      }
      return lags;
    })().finally(() => (this.lagsReading = undefined));
    return this.lagsReading;
  }

  /** The exposition text and its content type. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
