import { connect } from 'node:net';
import { API_KEY, client, countEvents, providerAssertion, type RunningApp, startApp, STRONG_PASSWORD, tempDataDir } from '../support/app-harness';

interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly text: string;
}

/** Writes a request as raw bytes (methods and sizes fetch will not send) and reads the answer until the server closes or it is complete. */
function rawRequest(baseUrl: string, head: string, body: Buffer = Buffer.alloc(0)): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    const finish = () => {
      socket.destroy();
      const raw = Buffer.concat(chunks).toString('utf8');
      const split = raw.indexOf('\r\n\r\n');
      const [statusLine, ...lines] = raw.slice(0, split).split('\r\n');
      const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine.split(' ')[1]), headers, text: raw.slice(split + 4) });
    };
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      const raw = Buffer.concat(chunks).toString('utf8');
      const split = raw.indexOf('\r\n\r\n');
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(raw.slice(0, split))?.[1];
      if (split >= 0 && length !== undefined && Buffer.byteLength(raw.slice(split + 4)) >= Number(length)) finish();
    });
    socket.on('end', finish);
    // The server may close as soon as it has answered, while the request is still being written.
    socket.on('error', (error: NodeJS.ErrnoException) => (chunks.length ? finish() : reject(error)));
    socket.write(Buffer.concat([Buffer.from(head), body]));
  });
}

/** X-4: malformed input gets a 400 problem with a stable code and changes nothing. */
describe('bad input through HTTP', () => {
  const data = tempDataDir();
  let running: RunningApp;
  let call: ReturnType<typeof client>;
  let uin: string;

  beforeAll(async () => {
    running = await startApp(data.dir);
    call = client(running.url);
    uin = (await call('POST', '/v1/accounts/provider-registrations', { provider: 'wechat', assertion: await providerAssertion('wechat', 'wx-bad-input') })).body.uin;
  });
  afterAll(async () => {
    await running.close();
    data.remove();
  });

  const email = { email: 'carol@example.com', password: STRONG_PASSWORD, emailCode: '123456' };
  const huge = 'x'.repeat(5000);

  const cases: Array<[string, string, string, unknown, string]> = [
    ['wrong type: email is a number', 'POST', '/v1/accounts/email-registrations', { ...email, email: 42 }, 'VALIDATION_FAILED'],
    ['wrong type: code is a number', 'POST', '/v1/accounts/email-registrations', { ...email, emailCode: 123456 }, 'VALIDATION_FAILED'],
    ['unknown field', 'POST', '/v1/accounts/email-registrations', { ...email, isAdmin: true }, 'VALIDATION_FAILED'],
    ['missing field', 'POST', '/v1/accounts/email-registrations', { email: email.email, emailCode: '123456' }, 'VALIDATION_FAILED'],
    ['huge string', 'POST', '/v1/accounts/email-registrations', { ...email, email: `${huge}@example.com` }, 'VALIDATION_FAILED'],
    ['huge nickname', 'PUT', '/v1/accounts/{uin}/nickname', { nickname: huge }, 'VALIDATION_FAILED'],
    ['invalid email', 'POST', '/v1/accounts/email-registrations', { ...email, email: 'not-an-email' }, 'VALIDATION_FAILED'],
    ['invalid code format', 'POST', '/v1/accounts/email-registrations', { ...email, emailCode: '12ab56' }, 'VALIDATION_FAILED'],
    ['invalid phone', 'POST', '/v1/accounts/{uin}/registration-completion', { phone: '12345', phoneCode: '123456', industry: 'gaming' }, 'VALIDATION_FAILED'],
    ['invalid industry', 'POST', '/v1/accounts/{uin}/registration-completion', { phone: '13800138000', phoneCode: '123456', industry: 'piracy' }, 'VALIDATION_FAILED'],
    ['invalid industry change', 'PUT', '/v1/accounts/{uin}/industry', { industry: 42 }, 'VALIDATION_FAILED'],
    ['unknown provider', 'POST', '/v1/accounts/provider-registrations', { provider: 'myspace', assertion: 'x' }, 'VALIDATION_FAILED'],
    ['unknown channel', 'POST', '/v1/verification-codes', { channel: 'fax', address: '1', purpose: 'register' }, 'VALIDATION_FAILED'],
    ['invalid phone for a code', 'POST', '/v1/verification-codes', { channel: 'sms', address: '12', purpose: 'complete_registration' }, 'INVALID_PHONE'],
    ['nested object instead of string', 'PUT', '/v1/accounts/{uin}/nickname', { nickname: { $gt: '' } }, 'VALIDATION_FAILED'],
    ['array body', 'PUT', '/v1/accounts/{uin}/nickname', [{ nickname: 'x' }], 'VALIDATION_FAILED'],
    ['not JSON', 'POST', '/v1/accounts/email-registrations', '{"email": ', 'MALFORMED_JSON'],
    ['malformed account id', 'PUT', '/v1/accounts/12ab/nickname', { nickname: 'ok' }, 'INVALID_ACCOUNT_ID'],
  ];

  it.each(cases)('%s → 400 problem details, store unchanged', async (_label, method, path, body, code) => {
    const before = await countEvents(running.system);
    const response = await call(method, path.replace('{uin}', uin), body);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status: 400, code, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
    expect(await countEvents(running.system)).toBe(before);
  });

  it('names the offending fields', async () => {
    const response = await call('POST', '/v1/accounts/email-registrations', { ...email, email: 42, isAdmin: true });
    const fields = (response.body.errors as Array<{ field: string }>).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['email', 'isAdmin']));
    expect(JSON.stringify(response.body)).not.toContain(STRONG_PASSWORD);
  });

  it('refuses bodies over the size limit with 413 and unknown routes with 404, as problem details', async () => {
    const big = await call('PUT', `/v1/accounts/${uin}/nickname`, { nickname: 'y'.repeat(100_000) });
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('PAYLOAD_TOO_LARGE');
    const missing = await call('GET', '/v1/nowhere');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('ROUTE_NOT_FOUND');
    const account = await call('GET', '/v1/accounts/999999999999');
    expect(account.status).toBe(404);
    expect(account.body.code).toBe('ACCOUNT_NOT_FOUND');
    expect(API_KEY).toBeTruthy();
  });
});

/** Issue 9: refusals of the HTTP layer itself are problem details with a stable code, quote nothing of the request and change nothing. */
describe('hardened HTTP input', () => {
  const data = tempDataDir();
  const MARK = 'MARKER-7f3a9c';
  let running: RunningApp;
  let uin: string;

  beforeAll(async () => {
    running = await startApp(data.dir);
    uin = (await client(running.url)('POST', '/v1/accounts/provider-registrations', { provider: 'wechat', assertion: await providerAssertion('wechat', 'wx-hardening') })).body.uin;
  });
  afterAll(async () => {
    await running.close();
    data.remove();
  });

  const auth = `authorization: Bearer ${API_KEY}`;
  const nested = (levels: number, open = '[', close = ']', leaf = `"${MARK}"`) => open.repeat(levels) + leaf + close.repeat(levels);
  const send = (method: string, path: string, body?: string | Buffer, contentType = 'application/json'): Promise<RawAnswer> => {
    const bytes = body === undefined ? Buffer.alloc(0) : Buffer.from(body);
    const type = body === undefined || !contentType ? '' : `content-type: ${contentType}\r\n`;
    return rawRequest(running.url, `${method} ${path.replace('{uin}', uin)} HTTP/1.1\r\nhost: localhost\r\n${auth}\r\n${type}content-length: ${bytes.length}\r\nconnection: close\r\n\r\n`, bytes);
  };
  const bigHeaders = Array.from({ length: 40 }, (_, i) => `x-filler-${i}: ${MARK}${'h'.repeat(1000)}\r\n`).join('');

  const cases: Array<[string, () => Promise<RawAnswer>, number, string]> = [
    ['JSON nested 5,000 levels', () => send('PUT', '/v1/accounts/{uin}/nickname', `{"nickname":"ok","x":${nested(5000, '{"a":', '}')}}`), 400, 'JSON_TOO_DEEP'],
    ['JSON nested 33 levels', () => send('PUT', '/v1/accounts/{uin}/nickname', nested(33)), 400, 'JSON_TOO_DEEP'],
    ['invalid UTF-8', () => send('PUT', '/v1/accounts/{uin}/nickname', Buffer.concat([Buffer.from(`{"nickname":"${MARK}`), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')])), 400, 'INVALID_UTF8'],
    ['malformed JSON', () => send('PUT', '/v1/accounts/{uin}/nickname', `{"nickname": ${MARK}`), 400, 'MALFORMED_JSON'],
    ['text/plain', () => send('PUT', '/v1/accounts/{uin}/nickname', `{"nickname":"${MARK}"}`, 'text/plain'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['form-encoded', () => send('PUT', '/v1/accounts/{uin}/nickname', `nickname=${MARK}`, 'application/x-www-form-urlencoded'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['JSON in another charset', () => send('PUT', '/v1/accounts/{uin}/nickname', `{"nickname":"${MARK}"}`, 'application/json; charset=latin1'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['a body without a content type', () => send('PUT', '/v1/accounts/{uin}/nickname', `{"nickname":"${MARK}"}`, ''), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['PROPFIND on a known path', () => send('PROPFIND', `/v1/accounts/{uin}/nickname?${MARK}`), 405, 'METHOD_NOT_ALLOWED'],
    ['PUT on a POST-only route', () => send('PUT', '/v1/accounts/email-registrations', `{"email":"${MARK}"}`), 405, 'METHOD_NOT_ALLOWED'],
    ['a method Node does not know', () => send('FROBNICATE', `/v1/${MARK}`), 501, 'METHOD_NOT_IMPLEMENTED'],
    ['unknown path', () => send('GET', `/v1/${MARK}/nowhere?q=${MARK}`), 404, 'ROUTE_NOT_FOUND'],
    ['unknown path with a JSON body', () => send('POST', `/v1/${MARK}`, `{"a":"${MARK}"}`), 404, 'ROUTE_NOT_FOUND'],
    ['body over the size limit', () => send('PUT', '/v1/accounts/{uin}/nickname', `{"nickname":"${MARK}${'y'.repeat(70_000)}"}`), 413, 'PAYLOAD_TOO_LARGE'],
    ['URL over the limit', () => send('GET', `/v1/accounts/{uin}?q=${MARK}${'u'.repeat(10_000)}`), 414, 'URI_TOO_LONG'],
    ['URL over the HTTP parser limit', () => send('GET', `/v1/accounts/{uin}?q=${MARK}${'u'.repeat(20_000)}`), 414, 'URI_TOO_LONG'],
    ['over-long path parameter', () => send('GET', `/v1/accounts/${MARK}${'9'.repeat(300)}`), 414, 'URI_TOO_LONG'],
    ['huge headers', () => rawRequest(running.url, `GET /health HTTP/1.1\r\nhost: x\r\n${bigHeaders}\r\n`), 431, 'HEADERS_TOO_LARGE'],
  ];

  it.each(cases)('%s → problem details with a stable code, nothing quoted, store unchanged, server alive', async (_label, request, status, code) => {
    const before = await countEvents(running.system);
    const answer = await request();
    expect(answer.status).toBe(status);
    expect(answer.headers['content-type']).toContain('application/problem+json');
    expect(JSON.parse(answer.text)).toMatchObject({ status, code, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
    expect(answer.text).not.toContain(MARK.slice(0, 7));
    expect(await countEvents(running.system)).toBe(before);
    expect((await fetch(`${running.url}/health`)).status).toBe(200);
  });

  it('names the allowed methods of a known path', async () => {
    expect((await send('PROPFIND', '/v1/accounts/{uin}/nickname')).headers.allow).toBe('PUT');
    // GET and HEAD too: the path also matches GET /v1/accounts/:accountId.
    expect((await send('PUT', '/v1/accounts/email-registrations', '{}')).headers.allow).toBe('GET, HEAD, POST');
  });

  it('does not refuse JSON nested 32 levels for its depth', async () => {
    const answer = await send('PUT', '/v1/accounts/{uin}/nickname', `{"nickname":"ok","x":${nested(31, '{"a":', '}', '1')}}`);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text).code).toBe('VALIDATION_FAILED');
  });

  it('takes a command without a body, with or without the JSON content type', async () => {
    for (const contentType of [undefined, 'application/json', 'application/json; charset=UTF-8']) {
      const answer = await rawRequest(running.url, `POST /v1/accounts/${uin}/operation-verifications HTTP/1.1\r\nhost: x\r\n${auth}\r\n${contentType ? `content-type: ${contentType}\r\n` : ''}content-length: 0\r\nconnection: close\r\n\r\n`);
      // The use case answered (this account has no phone to send a code to): the request got through.
      expect(JSON.parse(answer.text).code).toBe('VERIFICATION_METHOD_UNAVAILABLE');
    }
  });

  it('accepts JSON declared as UTF-8', async () => {
    const answer = await send('PUT', '/v1/accounts/{uin}/nickname', '{"nickname":"Ünïcode"}', 'application/json; charset=utf-8');
    expect(answer.status).toBeLessThan(300);
  });
});
