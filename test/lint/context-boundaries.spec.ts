import { computeProjectGraph, lintAs } from './lint';

/**
 * Contexts and sizes are lint rules (issue 8): the `scope:` tags of the Nx projects, the one
 * reader of the environment, and the line limits. Each case lints a snippet as if it were that file.
 */
describe('context boundaries, the environment and size limits (lint)', () => {
  beforeAll(computeProjectGraph, 60_000);

  const lint = lintAs;
  const importing = (what: string, from: string) => `import { ${what} } from '${from}';\nexport const x = ${what};\n`;

  it('refuses a platform → context import (the layers alone would allow infra → contracts)', () => {
    const messages = lint('libs/platform/messaging/src/violation.ts', importing('accountMessages', '@acc/accounts-contracts')).join('\n');
    expect(messages).toMatch(/enforce-module-boundaries.*"scope:platform" can only depend on libs tagged with "scope:platform"/);
    expect(messages).not.toMatch(/type:infra/);
  });

  it('refuses an accounts → security import', () => {
    const messages = lint('libs/accounts/read-models/src/violation.ts', importing('SECURITY_EVENT_SCHEMAS', '@acc/security-domain')).join('\n');
    expect(messages).toMatch(/enforce-module-boundaries.*"scope:accounts" can only depend on libs tagged with "scope:accounts", "scope:platform"/);
  });

  it('refuses a security → accounts import: security reaches accounts through its own ports', () => {
    for (const [file, lib] of [
      ['libs/security/application/src/violation.ts', '@acc/accounts-application'],
      ['libs/security/contracts/src/violation.ts', '@acc/accounts-contracts'],
    ]) {
      const messages = lint(file, importing('x0', lib)).join('\n');
      expect(messages).toMatch(/enforce-module-boundaries.*"scope:security" can only depend on libs tagged with "scope:security", "scope:platform"/);
    }
  });

  it('refuses an organisations → accounts import, and lets the organisations domain use the kernel', () => {
    const messages = lint('libs/organizations/domain/src/violation.ts', importing('IDENTITY_EVENT_SCHEMAS', '@acc/accounts-domain')).join('\n');
    expect(messages).toMatch(/enforce-module-boundaries.*"scope:organizations" can only depend on libs tagged with "scope:organizations", "scope:platform"/);
    expect(lint('libs/organizations/domain/src/ok.ts', importing('accept', '@acc/kernel'))).toEqual([]);
    expect(lint('libs/security/domain/src/violation.ts', importing('ORGANIZATION_EVENT_SCHEMAS', '@acc/organizations-domain')).join('\n')).toMatch(/"scope:security" can only depend/);
  });

  it('lets the composition join the contexts, and the apps use the composition', () => {
    const code = "import { AccountsService } from '@acc/accounts-application';\nimport { LoginService } from '@acc/security-application';\nexport const all = [AccountsService, LoginService];\n";
    expect(lint('libs/composition/src/ok.ts', code)).toEqual([]);
    expect(lint('apps/kafka-bridge/src/ok.ts', importing('coreMessages', '@acc/composition'))).toEqual([]);
    expect(lint('libs/accounts/application/src/violation.ts', importing('coreMessages', '@acc/composition')).join('\n')).toMatch(/enforce-module-boundaries/);
  });

  it('lets no library read the environment but the configuration module', () => {
    const code = "export const url = process.env.MONGODB_URL;\nconst { env } = process;\nexport const e = env;\n";
    const messages = lint('libs/platform/read-store/src/violation.ts', code);
    expect(messages.filter((m) => m.startsWith('no-restricted-properties'))).toHaveLength(2);
    expect(lint('libs/platform/read-store/src/violation.ts', "import { env } from 'node:process';\nexport const e = env;\n").join('\n')).toMatch(/no-restricted-imports/);
    expect(lint('libs/platform/config/src/ok.ts', code)).toEqual([]);
    expect(lint('apps/projector/src/ok.ts', code)).toEqual([]);
  });

  it('refuses a library file over 400 lines and a function over 80 lines', () => {
    const lines = (n: number) => Array.from({ length: n }, (_, i) => `export const v${i} = ${i};`).join('\n') + '\n';
    expect(lint('libs/platform/kernel/src/long.ts', lines(400))).toEqual([]);
    expect(lint('libs/platform/kernel/src/long.ts', lines(401)).join('\n')).toMatch(/max-lines: File has too many lines \(401\)\. Maximum allowed is 400/);
    expect(lint('libs/platform/kernel/src/long.spec.ts', lines(401)).join('\n')).not.toMatch(/max-lines/);
    const fn = (n: number) => `export function f(): number {\n  let x = 0;\n${'  x += 1;\n'.repeat(n - 4)}  return x;\n}\n`;
    expect(lint('apps/command-api/src/long.ts', fn(80))).toEqual([]);
    expect(lint('apps/command-api/src/long.ts', fn(81)).join('\n')).toMatch(/max-lines-per-function: Function 'f' has too many lines \(81\)\. Maximum allowed is 80/);
  });
});
