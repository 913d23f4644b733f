import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { analysisDeps, analystContext, unmaskRequest } from '../analysis-deps';
import { withInfrastructure } from '../context';
import { CommandFailed } from '../errors';
import { renderTimeline } from '../timeline/render';
import { allEntries } from './history';

export function registerTimeline(program: Command): void {
  program
    .command('timeline')
    .argument('<account>', 'account id (UIN)')
    .summary("a self-contained HTML page picturing the account's history")
    .description(
      'One lane each for registration and bindings, logins (method, city, device), protection and MFA changes, alerts and deregistration, ' +
        'plus a table of every event. Inline CSS and SVG: the page loads nothing from the network. Cities are masked unless --unmasked --reason.',
    )
    .requiredOption('--out <file.html>', 'where to write the page (created 0600)')
    .option('--unmasked', 'cities and other personal data in clear (needs --reason; recorded)')
    .option('--reason <text>', 'why the personal data is needed')
    .action(async (account: string, options: { out: string; unmasked?: boolean; reason?: string }) => {
      const unmask = unmaskRequest(options);
      await withInfrastructure(async ({ infra }) => {
        const entries = await allEntries(analysisDeps(infra), account, unmask ? { unmask: { reason: unmask.reason, ctx: analystContext() } } : {});
        if (!entries.length) throw new CommandFailed(`no history for account ${account}`);
        await writeFile(options.out, renderTimeline(account, entries, { masked: !unmask, generatedAt: new Date().toISOString() }), { mode: 0o600 });
        process.stdout.write(`wrote ${options.out}: ${entries.length} events\n`);
      });
    });
}
