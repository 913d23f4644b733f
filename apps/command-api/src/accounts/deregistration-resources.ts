import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { isAbandonableKind, type PlatformResource, RESOURCE_KINDS, type ResourceKind } from '@acc/accounts-domain';
import type { OwnedResource, PlatformResources, ResourceOwners } from '@acc/accounts-application';
import { ProblemResponse, problem } from '../http/problem-details';

/** DEREG-2 adapters of the platform-resources port. */

const unavailable = (why: string) => new ProblemResponse(problem(503, 'RESOURCE_SERVICE_UNAVAILABLE', `the platform's resource service could not be reached: ${why}; retry later`));

/**
 * The embedded default: resources that platform teams register and remove through
 * `PUT/DELETE /v1/platform-resources/{accountId}/{resourceId}`, kept in `platform-resources.db`
 * in the data folder, so every deregistration path can be tried locally.
 */
export class EmbeddedPlatformResources implements PlatformResources, ResourceOwners {
  private readonly db: Database.Database;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS resources (
      account_id TEXT NOT NULL, resource_id TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL,
      unsettled_postpaid INTEGER NOT NULL, registered_at TEXT NOT NULL, PRIMARY KEY (account_id, resource_id)) WITHOUT ROWID`);
    // REC-1: who owns a domain, an ICP filing (by number and by domain) or a public IP.
    this.db.exec(`CREATE TABLE IF NOT EXISTS owners (kind TEXT NOT NULL, value TEXT NOT NULL, account_id TEXT NOT NULL, registered_at TEXT NOT NULL, PRIMARY KEY (kind, value)) WITHOUT ROWID`);
  }

  async ownerOf(resource: OwnedResource): Promise<string | null> {
    const row = this.db.prepare<[string, string], { account_id: string }>('SELECT account_id FROM owners WHERE kind = ? AND value = ?').get(resource.kind, resource.value);
    return row?.account_id ?? null;
  }

  /** A platform team records (or moves) the owner of one or more values of a resource. */
  putOwner(kind: OwnedResource['kind'], values: readonly string[], accountId: string, at: string): void {
    const put = this.db.prepare('INSERT INTO owners VALUES (?, ?, ?, ?) ON CONFLICT (kind, value) DO UPDATE SET account_id = excluded.account_id, registered_at = excluded.registered_at');
    this.db.transaction(() => values.forEach((value) => put.run(kind, value, accountId, at)))();
  }

  removeOwner(kind: OwnedResource['kind'], value: string): boolean {
    return this.db.prepare('DELETE FROM owners WHERE kind = ? AND value = ?').run(kind, value).changes === 1;
  }

  async list(accountId: string): Promise<PlatformResource[]> {
    const rows = this.db.prepare<[string], { resource_id: string; kind: ResourceKind; name: string; unsettled_postpaid: number }>('SELECT * FROM resources WHERE account_id = ? ORDER BY resource_id').all(accountId);
    return rows.map((r) => ({ id: r.resource_id, kind: r.kind, name: r.name, abandonable: isAbandonableKind(r.kind), unsettledPostpaid: r.unsettled_postpaid === 1 }));
  }

  async abandon(accountId: string, resourceId: string): Promise<void> {
    this.remove(accountId, resourceId);
  }

  /** A platform team registers (or updates) one of the account's resources. */
  put(accountId: string, resource: { id: string; kind: ResourceKind; name: string; unsettledPostpaid?: boolean }, at: string): PlatformResource {
    if (!RESOURCE_KINDS.includes(resource.kind)) throw new Error(`unknown resource kind ${resource.kind}`);
    this.db
      .prepare(`INSERT INTO resources VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, resource_id) DO UPDATE SET kind = excluded.kind, name = excluded.name, unsettled_postpaid = excluded.unsettled_postpaid`)
      .run(accountId, resource.id, resource.kind, resource.name, resource.unsettledPostpaid ? 1 : 0, at);
    return { id: resource.id, kind: resource.kind, name: resource.name, abandonable: isAbandonableKind(resource.kind), unsettledPostpaid: resource.unsettledPostpaid ?? false };
  }

  /** Removes a resource (cleared by its platform); whether it was there. */
  remove(accountId: string, resourceId: string): boolean {
    return this.db.prepare('DELETE FROM resources WHERE account_id = ? AND resource_id = ?').run(accountId, resourceId).changes === 1;
  }

  close(): void {
    this.db.close();
  }
}

/**
 * The platform's resource service over HTTP (`ACC_RESOURCES_URL`, bearer `ACC_RESOURCES_KEY`):
 * `GET {url}/v1/accounts/{id}/resources` → `{ resources: [...] }`,
 * `POST {url}/v1/accounts/{id}/resources/{resourceId}/abandon`. Any failure or timeout is a 503.
 */
export class HttpPlatformResources implements PlatformResources, ResourceOwners {
  constructor(private readonly options: { url: string; key: string; timeoutMs: number }) {}

  private async call(method: 'GET' | 'POST', path: string): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.options.url.replace(/\/$/, '')}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.options.key}`, accept: 'application/json' },
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      throw unavailable(error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'connection failed');
    }
    if (!response.ok) throw unavailable(`answered ${response.status}`);
    const text = await response.text();
    try {
      return text ? JSON.parse(text) : {};
    } catch {
      throw unavailable('answered no JSON');
    }
  }

  async list(accountId: string): Promise<PlatformResource[]> {
    const body = (await this.call('GET', `/v1/accounts/${encodeURIComponent(accountId)}/resources`)) as { resources?: unknown };
    if (!Array.isArray(body.resources)) throw unavailable('answered no resource list');
    return body.resources.map(parseResource);
  }

  /** REC-1: `GET {url}/v1/resource-owners?kind=&value=` → `{ accountId: string | null }`. */
  async ownerOf(resource: OwnedResource): Promise<string | null> {
    const query = new URLSearchParams({ kind: resource.kind, value: resource.value });
    const body = (await this.call('GET', `/v1/resource-owners?${query}`)) as { accountId?: unknown };
    if (body.accountId !== null && typeof body.accountId !== 'string') throw unavailable('answered no owner');
    return body.accountId;
  }

  async abandon(accountId: string, resourceId: string): Promise<void> {
    await this.call('POST', `/v1/accounts/${encodeURIComponent(accountId)}/resources/${encodeURIComponent(resourceId)}/abandon`);
  }
}

function parseResource(raw: unknown): PlatformResource {
  const r = raw as Record<string, unknown>;
  if (typeof r?.id !== 'string' || !RESOURCE_KINDS.includes(r.kind as ResourceKind)) throw unavailable('answered a malformed resource');
  const kind = r.kind as ResourceKind;
  return { id: r.id, kind, name: String(r.name ?? r.id), abandonable: typeof r.abandonable === 'boolean' ? r.abandonable : isAbandonableKind(kind), unsettledPostpaid: r.unsettledPostpaid === true };
}
