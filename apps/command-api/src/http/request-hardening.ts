import { METHODS, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ConnectionError, FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { httpProblem, ProblemResponse, rawProblemResponse, toProblem } from './problem-details';
import { sendProblem } from './problem-details.filter';

/** Deeper JSON is refused before it is parsed: recursive code downstream (validation, transformation) would overflow the stack. */
export const MAX_JSON_DEPTH = 32;
/** Longest request target (path and query) served; Node's own header limit (16 KiB) caps the request line anyway. */
export const MAX_URL_LENGTH = 8 * 1024;

type JsonDone = (error: Error | null, body?: unknown) => void;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Options for the Fastify constructor: the refusals Fastify and Node's HTTP parser give before a
 * route is involved (bad URL, over-long parameter, over-large headers, garbage on the wire)
 * become problem details too, without quoting the request.
 */
export function hardenedServerOptions() {
  return {
    frameworkErrors: (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => void sendProblem(reply, toProblem(error)),
    clientErrorHandler: answerClientError,
  };
}

/** Strict JSON bodies, 414 for long targets, 405 for known paths; call before `app.init()`. */
export function hardenRequests(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  // No text/plain or form parsers: a body in any other type is refused with 415 by Fastify.
  fastify.removeAllContentTypeParsers();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser<Server>('application/json', {}, (request, body, done) => strictJson(request, body, done as JsonDone, parseJson));
  fastify.addHook('onRequest', (request, reply, done) => {
    if (request.raw.url && request.raw.url.length > MAX_URL_LENGTH) return void sendProblem(reply, httpProblem(414));
    const allowed = request.is404 ? allowedMethods(fastify, request.url) : [];
    if (allowed.length) return void sendProblem(reply.header('allow', allowed.join(', ')), httpProblem(405));
    done();
  });
}

function strictJson(request: FastifyRequest, body: Buffer, done: JsonDone, parseJson: (request: FastifyRequest, body: string, done: JsonDone) => void): void {
  if (!isUtf8Charset(request.headers['content-type'])) return done(new ProblemResponse(httpProblem(415)));
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    return done(new ProblemResponse(httpProblem(400, 'INVALID_UTF8')));
  }
  // No body is no body: commands without input may be sent with the JSON content type.
  if (text.trim() === '') return done(null, undefined);
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) return done(new ProblemResponse(httpProblem(400, 'JSON_TOO_DEEP')));
  parseJson(request, text, (error, parsed) => (error ? done(new ProblemResponse(httpProblem(400, 'MALFORMED_JSON'))) : done(null, parsed)));
}

/** JSON is UTF-8 (RFC 8259); a charset parameter may only say so. */
function isUtf8Charset(contentType: string | undefined): boolean {
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(contentType ?? '')?.[1];
  return charset === undefined || /^utf-?8$/i.test(charset);
}

/** One pass over the text, counting open brackets outside strings: no recursion, so no stack to overflow. */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** The methods the router serves on this path (empty for an unknown path). */
function allowedMethods(fastify: FastifyInstance, url: string): string[] {
  const path = url.split('?')[0];
  return METHODS.filter((method) => fastify.findRoute({ method: method as 'GET', url: path }) !== null);
}

/**
 * Node's parser refuses some requests before Fastify sees them; they are answered here on the raw
 * socket. Both a long request line and large header fields overflow the same limit: the request
 * line is taken to be at fault when it has not ended within the bytes at hand.
 */
function answerClientError(error: ConnectionError, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const packet = Buffer.isBuffer(error.rawPacket) ? error.rawPacket : undefined;
  const body =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? httpProblem(requestLineUnfinished(packet) ? 414 : 431)
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? httpProblem(408)
        : error.code === 'HPE_INVALID_METHOD'
          ? httpProblem(501, 'METHOD_NOT_IMPLEMENTED')
          : httpProblem(400);
  if (socket.writable) socket.end(rawProblemResponse(body), () => socket.destroy());
  else socket.destroy();
}

function requestLineUnfinished(packet: Buffer | undefined): boolean {
  if (!packet) return false;
  const end = packet.indexOf('\r\n');
  return end === -1 || end > MAX_URL_LENGTH;
}
