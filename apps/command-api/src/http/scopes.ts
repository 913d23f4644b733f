import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

/**
 * What a calling team's API key may do. Every route declares the one scope it needs
 * (`@RequireScope`); a route that declares none is refused to every key (fail closed).
 */
export const SCOPES = [
  /** Reads of an account: basic information, login methods, security view, sessions, limits, catalogues. */
  'accounts:read',
  /** Verification codes, registration and its completion, nickname, industry. */
  'accounts:write',
  /** Sensitive changes: identity verification, login methods, protections, contacts, MFA, password, sessions of an account. */
  'security:write',
  /** Product consoles before a sensitive operation: authorize it, verify the caller for it. */
  'operations:authorize',
  /** The login gateway: logins and their challenges, session validation and logout, password resets. */
  'login',
  /** The provider gateway's callbacks (a WeChat scan confirmed). */
  'gateway',
  /** The audit log of an account; its history, its state at a past moment and its changes (masked). */
  'audit:read',
  /** With `audit:read` and a stated reason: an account's history with personal data in plain text (each read is recorded). */
  'personal-data:read',
  /** Operations: where the read models stand; platform teams' resources of an account (embedded default). */
  'admin',
  /** Reviewers of manual cases: enterprise deregistration reviews. */
  'review',
  /** The account center's pages for people who cannot log in: finding accounts (REC-1). */
  'recovery',
  /** Prometheus scrapers: `GET /metrics` (counts and latencies, no personal data). */
  'metrics:read',
] as const;

export type Scope = (typeof SCOPES)[number];

export const isScope = (value: string): value is Scope => (SCOPES as readonly string[]).includes(value);

export const REQUIRED_SCOPE = 'acc:required-scope';

/** The scope a route needs: enforced by the API-key guard, published in the OpenAPI document. */
export const RequireScope = (scope: Scope) => applyDecorators(SetMetadata(REQUIRED_SCOPE, scope), ApiExtension('x-required-scope', scope));
