import { readFileSync } from 'node:fs';

/** A setting that cannot work: the message names the variable and what it must look like. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** The environment as a process gives it (`process.env`), or a plain object in tests. */
export type Env = Readonly<Record<string, string | undefined>>;

export interface IntOptions {
  /** Smallest accepted value (default 0). */
  readonly min?: number;
  /** Largest accepted value (default: none). */
  readonly max?: number;
}

/**
 * The one parser of the environment. Unset and empty are the same ("not given") everywhere
 * except in `raw`; every refusal is a ConfigError naming the variable.
 */
export interface EnvReader {
  /** NODE_ENV=production. */
  readonly production: boolean;
  /** The value as given, the empty string included (e.g. an empty topic prefix), or undefined. */
  raw(name: string): string | undefined;
  string(name: string): string | undefined;
  string(name: string, fallback: string): string;
  /** Required with NODE_ENV=production; the local fallback otherwise. */
  secret(name: string, localFallback: string): string;
  int(name: string, options?: IntOptions): number | undefined;
  int(name: string, fallback: number, options?: IntOptions): number;
  /** true/false, 1/0, yes/no, on/off (any case). */
  bool(name: string, fallback: boolean): boolean;
  /** Comma-separated, trimmed, empty items dropped; [] when not given. */
  list(name: string): string[];
  oneOf<T extends string>(name: string, values: readonly T[], fallback: T): T;
  /** Parsed JSON, or undefined when not given. */
  json<T = unknown>(name: string): T | undefined;
  /** JSON read from the file the variable names, or undefined when not given. */
  jsonFile<T = unknown>(name: string): T | undefined;
}

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

function intRule(options: IntOptions): string {
  const min = options.min ?? 0;
  const kind = min === 1 ? 'a positive integer' : min === 0 ? 'a non-negative integer' : `an integer of at least ${min}`;
  return options.max === undefined ? kind : `${kind} (at most ${options.max})`;
}

function parseJson<T>(name: string, text: string, where: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new ConfigError(`${name} must be valid JSON (${where}): ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function envReader(env: Env): EnvReader {
  const given = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value === '' ? undefined : value;
  };
  const production = env.NODE_ENV === 'production';
  function string(name: string, fallback?: string): string | undefined {
    return given(name) ?? fallback;
  }
  function int(name: string, fallbackOrOptions?: number | IntOptions, maybeOptions: IntOptions = {}): number | undefined {
    const fallback = typeof fallbackOrOptions === 'number' ? fallbackOrOptions : undefined;
    const options = typeof fallbackOrOptions === 'object' ? fallbackOrOptions : maybeOptions;
    const raw = given(name);
    if (raw === undefined) return fallback;
    const n = /^-?\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < (options.min ?? 0) || (options.max !== undefined && n > options.max)) {
      throw new ConfigError(`${name} must be ${intRule(options)}, not "${raw}"`);
    }
    return n;
  }
  return {
    production,
    raw: (name) => env[name],
    string: string as EnvReader['string'],
    secret(name, localFallback) {
      const value = given(name);
      if (value) return value;
      if (production) throw new ConfigError(`${name} must be set when NODE_ENV=production`);
      return localFallback;
    },
    int: int as EnvReader['int'],
    bool(name, fallback) {
      const raw = given(name);
      if (raw === undefined) return fallback;
      const v = raw.trim().toLowerCase();
      if (TRUE.has(v)) return true;
      if (FALSE.has(v)) return false;
      throw new ConfigError(`${name} must be true or false (also 1/0, yes/no, on/off), not "${raw}"`);
    },
    list: (name) =>
      (given(name) ?? '')
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    oneOf(name, values, fallback) {
      const raw = given(name);
      if (raw === undefined) return fallback;
      if (!(values as readonly string[]).includes(raw)) throw new ConfigError(`${name} must be ${values.map((v) => `"${v}"`).join(' or ')}, not "${raw}"`);
      return raw as (typeof values)[number];
    },
    json<T>(name: string) {
      const raw = given(name);
      return raw === undefined ? undefined : parseJson<T>(name, raw, 'its value');
    },
    jsonFile<T>(name: string) {
      const path = given(name);
      if (path === undefined) return undefined;
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (error) {
        throw new ConfigError(`${name}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      }
      return parseJson<T>(name, text, path);
    },
  };
}
