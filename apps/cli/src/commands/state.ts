import type { Command } from 'commander';
import { accountStateAt, type Moment } from '@acc/analysis';
import { analysisDeps } from '../analysis-deps';
import { withInfrastructure } from '../context';
import { momentOption } from '../options';
import { flatten, table } from '../table';

export function registerState(program: Command): void {
  program
    .command('state')
    .argument('<account>', 'account id (UIN)')
    .summary('the account as it was at a moment: profile, login methods, security settings')
    .description(
      "Folds the account's own events up to the moment with its decider (never today's read models or snapshots) and shows the same views the live routes answer. " +
        'Exit code 1 when the account did not exist yet.',
    )
    .option('--as-of <time|position>', 'ISO-8601 time or global position (inclusive); default: now', momentOption('--as-of'))
    .option('--json', 'the views as JSON')
    .action(async (account: string, options: { asOf?: Moment; json?: boolean }) => {
      await withInfrastructure(async ({ infra }) => {
        const at = await accountStateAt(analysisDeps(infra), account, options.asOf ?? { time: new Date().toISOString() });
        if (options.json) {
          process.stdout.write(`${JSON.stringify(at, null, 2)}\n`);
          return;
        }
        process.stdout.write(`account ${at.accountId} as of position ${at.asOf.position} (${at.asOf.time}), revision ${at.revision}\n\n`);
        const rows = Object.entries(at.views).flatMap(([view, value]) => flatten(value).map(([path, v]) => [view, path, v]));
        process.stdout.write(table(['VIEW', 'FIELD', 'VALUE'], rows));
      });
    });
}
