import { Worker } from 'node:worker_threads';

/** One HTTP load run: `connections` keep-alive connections, each sending its own requests back to back. */
export interface LoadSpec {
  readonly port: number;
  readonly method: 'GET' | 'PUT';
  /** Connection `c` asks for `paths[c % paths.length]`. */
  readonly paths: readonly string[];
  readonly headers: Record<string, string>;
  /** PUT only: a JSON body with `{ [bodyField]: "<connection>-<n>" }`, unique per request. */
  readonly bodyField?: string;
  readonly connections: number;
  readonly total: number;
}

// The load generator runs in its own thread (plain node:http, keep-alive), so the server's JS
// thread does only the server's work and the figures compare servers, not clients.
const SOURCE = `
const { parentPort, workerData: s } = require('node:worker_threads');
const http = require('node:http');
const agent = new http.Agent({ keepAlive: true, maxSockets: s.connections });
let next = 0, failed = 0, firstFailure;
const one = (c, n) => new Promise((resolve, reject) => {
  const body = s.bodyField ? JSON.stringify({ [s.bodyField]: 'b' + c + '-' + n }) : undefined;
  const headers = body ? Object.assign({ 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, s.headers) : s.headers;
  const req = http.request({ host: '127.0.0.1', port: s.port, method: s.method, path: s.paths[c % s.paths.length], headers, agent }, (res) => {
    const chunks = [];
    res.on('data', (d) => chunks.push(d));
    res.on('end', () => {
      if (res.statusCode !== 200) { failed++; firstFailure ??= res.statusCode + ' ' + Buffer.concat(chunks).toString().slice(0, 200); }
      resolve();
    });
  });
  req.on('error', reject);
  req.end(body);
});
(async () => {
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: s.connections }, async (_, c) => { while (next < s.total) await one(c, next++); }));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  parentPort.postMessage({ perSecond: s.total / seconds, failed, firstFailure });
})().catch((e) => parentPort.postMessage({ error: String(e) }));
`;

/** Requests per second the server answered with 200; any other answer fails the run. */
export async function httpLoad(spec: LoadSpec): Promise<number> {
  const worker = new Worker(SOURCE, { eval: true, workerData: spec });
  const result = await new Promise<{ perSecond: number; failed: number; firstFailure?: string; error?: string }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  if (result.error) throw new Error(result.error);
  if (result.failed > 0) throw new Error(`${result.failed} requests failed, e.g. ${result.firstFailure}`);
  return result.perSecond;
}
