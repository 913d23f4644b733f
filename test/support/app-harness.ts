import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DomainEvent, RecordedEvent } from '@acc/kernel';
import { AssertionVerifier } from '@acc/crypto';
import { createApp } from '../../apps/command-api/src/bootstrap';
import { type AppConfig, loadConfig } from '../../apps/command-api/src/config';
import { createSystem, type System, type SystemOverrides } from '../../apps/command-api/src/system';
import { checkResponse } from './openapi-conformance';

export const API_KEY = 'test-key-platform-team';
export const GATEWAY_SECRET = 'test-gateway-secret-0123456789abcdefgh';

export function tempDataDir(prefix = 'acc-e2e-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function testConfig(dataDir: string, overrides: Partial<AppConfig> = {}): AppConfig {
  return loadConfig(
    {
      ACC_API_KEYS: `platform-team:${API_KEY}`,
      ACC_GATEWAY_SECRET: GATEWAY_SECRET,
      ACC_DATA_DIR: dataDir,
      // Cheap scrypt in tests; production uses the default cost.
      ACC_SCRYPT_N: '1024',
      // A suite behind a proxy sets it in its environment (remote-login).
      ACC_TRUST_PROXY: process.env.ACC_TRUST_PROXY,
    },
    overrides,
  );
}

export interface RunningApp {
  readonly url: string;
  readonly app: NestFastifyApplication;
  readonly system: System;
  close(): Promise<void>;
}

/** The real HTTP app on a random loopback port, over a fresh or given data folder. */
export async function startApp(dataDir: string, options: { config?: Partial<AppConfig>; system?: SystemOverrides; logger?: boolean } = {}): Promise<RunningApp> {
  const system = createSystem(testConfig(dataDir, options.config), options.system);
  const app = await createApp(system, { logger: options.logger ?? process.env.ACC_TEST_LOGS === '1' });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    system,
    async close() {
      await app.close();
      await system.close();
    },
  };
}

export interface CallResult<T = Record<string, any>> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

export function client(baseUrl: string, defaults: Record<string, string> = { authorization: `Bearer ${API_KEY}` }) {
  return async function call<T = Record<string, any>>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<CallResult<T>> {
    const response = await fetch(baseUrl + path, {
      method,
      headers: { ...defaults, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    const result = { status: response.status, body: (text ? JSON.parse(text) : null) as T, headers: response.headers };
    // Every response must be one the served OpenAPI document describes (issue 9).
    await checkResponse(baseUrl, method, path, result);
    return result;
  };
}

/** What the notifier would send: the newest code issued to an address, read from the event store. */
export async function lastCodeSentTo(system: System, address: string): Promise<string> {
  const events = await system.store.readAll();
  for (const recorded of events.reverse()) {
    if (recorded.type !== 'VerificationCodeIssued') continue;
    const event = await system.codec.decode<DomainEvent<'VerificationCodeIssued', { delivery: { address: string; code: string } }>>(recorded);
    if (event.data.delivery.address === address) return event.data.delivery.code;
  }
  throw new Error(`no code was sent to ${address}`);
}

export function providerAssertion(provider: 'wechat' | 'qq' | 'wecom' | 'official_account', subject: string, extra: { permissions?: string[]; wecomAdmin?: boolean } = {}) {
  return AssertionVerifier.sign(GATEWAY_SECRET, { provider, subject, ...extra });
}

export async function countEvents(system: System, type?: string): Promise<number> {
  const all: RecordedEvent[] = await system.store.readAll();
  return type ? all.filter((e) => e.type === type).length : all.length;
}

export const STRONG_PASSWORD = 'Str0ng!Pass';
