import { connect } from 'node:net';
import type { Clock } from '@acc/kernel';
import type { EventStore, ReadStore } from '@acc/ports';
import { describeError } from '@acc/consumers';
import { lagBehind, type ReadModelsProgress, slowestProjection } from './lag';

export interface CheckResult {
  readonly status: 'up' | 'down';
  readonly detail?: string;
  readonly [field: string]: unknown;
}

export interface Readiness {
  readonly ready: boolean;
  readonly checks: Readonly<Record<string, CheckResult>>;
}

export interface ReadinessOptions {
  readonly store: EventStore;
  readonly readStore: Pick<ReadStore, 'getCheckpoint'>;
  readonly readSide: { status(): Promise<ReadModelsProgress> };
  readonly clock: Clock;
  /** KAFKA_BROKERS of the in-process bridge; absent: Kafka is not this process's concern. */
  readonly kafkaBrokers?: readonly string[];
  /** Read models further behind the log than this are not ready (ACC_READY_MAX_LAG_SECONDS). */
  readonly maxLagSeconds: number;
  /** How long one check may take before it counts as down (ACC_READY_TIMEOUT_MS). */
  readonly timeoutMs: number;
}

/**
 * Readiness of the command process: the event store and the read store answer, Kafka is
 * reachable when this process publishes to it, and the read models are within the bound behind
 * the log. Checks run side by side, each cut at the timeout; a failure says its class and message only.
 */
export class ReadinessProbe {
  private stopping = false;

  constructor(private readonly options: ReadinessOptions) {}

  /** From now on the process is not ready: it is shutting down. */
  markStopping(): void {
    this.stopping = true;
  }

  async check(): Promise<Readiness> {
    const o = this.options;
    const checks: Record<string, Promise<CheckResult>> = {
      eventStore: this.timed(async () => {
        await o.store.readAll({ maxCount: 1 });
        return { status: 'up' };
      }),
      readStore: this.timed(async () => {
        await o.readStore.getCheckpoint('readiness-probe');
        return { status: 'up' };
      }),
      readModels: this.timed(() => this.readModels()),
    };
    if (o.kafkaBrokers?.length) checks.kafka = this.timed(() => reachAny(o.kafkaBrokers as readonly string[], o.timeoutMs));
    const results = Object.fromEntries(await Promise.all(Object.entries(checks).map(async ([name, result]) => [name, await result] as const)));
    if (this.stopping) results.process = { status: 'down', detail: 'shutting down' };
    return { ready: Object.values(results).every((r) => r.status === 'up'), checks: results };
  }

  private async readModels(): Promise<CheckResult> {
    const o = this.options;
    const status = await o.readSide.status();
    const lag = await lagBehind(o.store, slowestProjection(status), o.clock);
    const seconds = Math.round(lag.seconds * 1000) / 1000;
    const fields = { projector: status.projector, lagSeconds: seconds, maxLagSeconds: o.maxLagSeconds, ...(lag.events !== undefined ? { lagEvents: lag.events } : {}), ...(status.lastError ? { lastError: status.lastError } : {}) };
    if (lag.seconds > o.maxLagSeconds) return { status: 'down', detail: `read models are ${seconds} s behind the log (bound ${o.maxLagSeconds} s)`, ...fields };
    return { status: 'up', ...fields };
  }

  private async timed(check: () => Promise<CheckResult>): Promise<CheckResult> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<CheckResult>((resolve) => {
      timer = setTimeout(() => resolve({ status: 'down', detail: `no answer within ${this.options.timeoutMs} ms` }), this.options.timeoutMs);
    });
    try {
      return await Promise.race([check().catch((error: unknown): CheckResult => ({ status: 'down', detail: describeError(error) })), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Kafka is reachable when one broker of the list accepts a TCP connection (the bridge's client does the rest). */
async function reachAny(brokers: readonly string[], timeoutMs: number): Promise<CheckResult> {
  const errors: string[] = [];
  for (const broker of brokers) {
    const error = await reach(broker, timeoutMs);
    if (!error) return { status: 'up', broker };
    errors.push(`${broker}: ${error}`);
  }
  return { status: 'down', detail: `no broker reachable (${errors.join('; ')})` };
}

function reach(broker: string, timeoutMs: number): Promise<string | undefined> {
  const separator = broker.lastIndexOf(':');
  const host = broker.slice(0, separator).replace(/^\[|\]$/g, '');
  const port = Number(broker.slice(separator + 1));
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    const done = (error?: string) => {
      socket.destroy();
      resolve(error);
    };
    socket.once('connect', () => done());
    socket.once('timeout', () => done('timed out'));
    socket.once('error', (error) => done(describeError(error)));
  });
}
