import { Server, ServerCredentials, type ServerUnaryCall, type sendUnaryData, status, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import type { Empty } from '@eventstore/db-client/generated/shared_pb';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { appendHandler, batchAppendHandler } from './appends';
import { DoubleLog } from './log';
import { type ReadBehaviour, readHandler, serviceError } from './reads';

/**
 * A protocol-level double of an EventStoreDB node for tests: a gRPC server on loopback built from
 * the client library's own generated service definitions, so the real `@eventstore/db-client`
 * talks to it with its real encoding, stream wrappers, cancel and dispose. NOT a database: see
 * docs/adr/0022-eventstoredb-protocol-double.md for what it models and what it cannot prove.
 */
export interface EsdbDouble {
  /** `esdb://127.0.0.1:<port>?tls=false` */
  readonly url: string;
  readonly log: DoubleLog;
  /** Switches modelled server behaviour (access to `$all`, the caught-up message) and counts `$all` calls. */
  readonly behaviour: ReadBehaviour;
  /** Ends every open call and stops the server. */
  stop(): Promise<void>;
}

export interface EsdbDoubleOptions {
  readonly allAccessDenied?: boolean;
  readonly caughtUpMessage?: boolean;
}

const VERSION = '23.10.1-protocol-double';

function supportedMethods(_call: ServerUnaryCall<Empty, SupportedMethods>, callback: sendUnaryData<SupportedMethods>): void {
  const methods = new SupportedMethods();
  methods.setEventStoreServerVersion(VERSION);
  for (const name of ['read', 'append', 'batchappend']) {
    const method = new SupportedMethod();
    method.setServiceName('event_store.client.streams.streams');
    method.setMethodName(name);
    methods.addMethods(method);
  }
  callback(null, methods);
}

/** Anything the adapter does not use answers UNIMPLEMENTED, as an older server would. */
function unimplemented(service: object): UntypedServiceImplementation {
  const handlers: UntypedServiceImplementation = {};
  for (const name of Object.keys(service)) {
    handlers[name] = ((_call: unknown, callback?: sendUnaryData<unknown>) => {
      const error = serviceError(status.UNIMPLEMENTED, `the EventStoreDB protocol double does not model ${name}`);
      if (typeof callback === 'function') callback(error);
      else (_call as { emit(event: 'error', e: Error): void }).emit('error', error);
    }) as UntypedServiceImplementation[string];
  }
  return handlers;
}

export async function startEsdbDouble(options: EsdbDoubleOptions = {}): Promise<EsdbDouble> {
  const log = new DoubleLog();
  const behaviour: ReadBehaviour = { allAccessDenied: options.allAccessDenied ?? false, caughtUpMessage: options.caughtUpMessage ?? true, allReads: 0 };
  const server = new Server();
  server.addService(ServerFeaturesService, { getSupportedMethods: supportedMethods });
  server.addService(StreamsService, {
    ...unimplemented(StreamsService),
    read: readHandler(log, behaviour),
    append: appendHandler(log),
    batchAppend: batchAppendHandler(log),
  });
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))));
  return {
    url: `esdb://127.0.0.1:${port}?tls=false`,
    log,
    behaviour,
    stop: async () => {
      server.forceShutdown();
    },
  };
}
