import { computeProjectGraph, lintAs } from './lint';

/**
 * The layering rules are enforced by lint in CI; these cases prove a violation fails it.
 * (The boundary rule needs Nx's project graph; it is computed first so the rule cannot skip itself.)
 */
describe('module boundaries and domain purity (lint)', () => {
  beforeAll(computeProjectGraph, 60_000);

  const lint = async (file: string, code: string): Promise<string[]> => lintAs(file, code);

  it('refuses a domain → infrastructure library import', async () => {
    const messages = await lint('libs/accounts/domain/src/violation.ts', "import { SqliteEventStore } from '@acc/event-store';\nexport const x = SqliteEventStore;\n");
    expect(messages.join('\n')).toMatch(/enforce-module-boundaries.*type:domain/);
  });

  it('refuses infrastructure packages and Node built-ins in the domain', async () => {
    const packages = ['better-sqlite3', '@nestjs/common', 'mongodb', 'kafkajs', '@eventstore/db-client'];
    const code = [...packages, 'node:fs'].map((p, i) => `import * as x${i} from '${p}';\nexport const y${i} = x${i};`).join('\n');
    const messages = await lint('libs/accounts/domain/src/violation.ts', code);
    for (const p of packages) expect(messages).toContainEqual(expect.stringMatching(new RegExp(`not allowed to import "${p}"`)));
    expect(messages).toContainEqual(expect.stringMatching(/no-restricted-imports.*node:fs/));
  });

  it('refuses the clock and Math.random in the domain', async () => {
    const messages = await lint('libs/accounts/domain/src/violation.ts', 'export const t = Date.now();\nexport const d = new Date();\nexport const r = Math.random();\n');
    expect(messages.filter((m) => m.startsWith('no-restricted-syntax'))).toHaveLength(3);
  });

  it('refuses application → infrastructure and app → app imports', async () => {
    expect((await lint('libs/accounts/application/src/violation.ts', "import { SqliteKeyStore } from '@acc/crypto';\nexport const k = SqliteKeyStore;\n")).join('\n')).toMatch(
      /enforce-module-boundaries/,
    );
  });

  it('accepts the domain as it is', async () => {
    const messages = await lint('libs/accounts/domain/src/ok.ts', "import { accept } from '@acc/kernel';\nexport const ok = accept;\n");
    expect(messages).toEqual([]);
  });
});
