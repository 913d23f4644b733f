import { ConfigError, type EnvReader } from '@acc/config';
import { isScope, type Scope, SCOPES } from './scopes';

/** A calling team's key: who it is (the actor of its events) and what it may do. */
export interface ApiKeyGrant {
  readonly team: string;
  readonly scopes: ReadonlySet<Scope>;
}

export const LOCAL_API_KEY = 'local-dev-key';

const FORM = 'ACC_API_KEYS must look like team:key (every scope) or team:key:scope+scope (e.g. billing:k1:accounts:read+audit:read, ops:k2:*)';

function scopesOf(listed: readonly string[], where: string): ReadonlySet<Scope> {
  if (listed.includes('*')) return new Set(SCOPES);
  for (const scope of listed) if (!isScope(scope)) throw new ConfigError(`${where}: unknown scope "${scope}" (scopes: ${SCOPES.join(', ')}, or *)`);
  return new Set(listed as Scope[]);
}

/** One `team:key[:scopes]` entry; scope names hold colons, so everything after the key is the scope list. */
function parseEntry(entry: string): [string, ApiKeyGrant] {
  const [team, key, ...rest] = entry.split(':').map((s) => s.trim());
  if (!team || !key) throw new ConfigError(FORM);
  // The old `team:key` form keeps working: such a key has every scope, as before scopes existed.
  if (rest.length === 0) return [key, { team, scopes: new Set(SCOPES) }];
  const listed = rest.join(':').split('+').map((s) => s.trim());
  if (listed.some((s) => !s)) throw new ConfigError(FORM);
  return [key, { team, scopes: scopesOf(listed, 'ACC_API_KEYS') }];
}

interface FileEntry {
  team?: unknown;
  key?: unknown;
  scopes?: unknown;
}

/** ACC_API_KEYS_FILE: a JSON array of `{team, key, scopes}` (keys kept out of the environment). */
function parseFile(entries: unknown): [string, ApiKeyGrant][] {
  if (!Array.isArray(entries)) throw new ConfigError('ACC_API_KEYS_FILE must hold a JSON array of {"team","key","scopes":[…]}');
  return entries.map((entry: FileEntry, i) => {
    const where = `ACC_API_KEYS_FILE entry ${i}`;
    const { team, key, scopes } = entry ?? {};
    if (typeof team !== 'string' || !team || typeof key !== 'string' || !key || !Array.isArray(scopes) || !scopes.every((s) => typeof s === 'string')) {
      throw new ConfigError(`${where} must be {"team": string, "key": string, "scopes": [string, …]}`);
    }
    return [key, { team, scopes: scopesOf(scopes, where) }];
  });
}

/** The calling teams by API key: ACC_API_KEYS and/or ACC_API_KEYS_FILE; else the local key with every scope. */
export function apiKeys(env: EnvReader): Map<string, ApiKeyGrant> {
  const given = [...env.list('ACC_API_KEYS').map(parseEntry), ...parseFile(env.jsonFile('ACC_API_KEYS_FILE') ?? [])];
  if (given.length === 0) given.push(parseEntry(env.secret('ACC_API_KEYS', `local:${LOCAL_API_KEY}`)));
  const keys = new Map<string, ApiKeyGrant>();
  for (const [key, grant] of given) {
    if (keys.has(key)) throw new ConfigError('ACC_API_KEYS: a key is given twice');
    keys.set(key, grant);
  }
  return keys;
}

/** False when neither variable was given and only the local development key is accepted. */
export const apiKeysConfigured = (env: EnvReader) => env.list('ACC_API_KEYS').length > 0 || env.string('ACC_API_KEYS_FILE') !== undefined;
