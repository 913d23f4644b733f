import { type Command, Option } from 'commander';
import { accountHistory, type AnalysisDeps, type HistoryEntry, type HistoryOrder, type HistoryQuery, HISTORY_MAX_LIMIT, type Moment } from '@acc/analysis';
import { analysisDeps, analystContext, unmaskRequest } from '../analysis-deps';
import { withInfrastructure } from '../context';
import { CommandFailed } from '../errors';
import { listOption, momentOption } from '../options';
import { table } from '../table';

interface HistoryOptions {
  readonly types?: string[];
  readonly from?: Moment;
  readonly to?: Moment;
  readonly order: HistoryOrder;
  readonly json?: boolean;
  readonly unmasked?: boolean;
  readonly reason?: string;
}

export function registerHistory(program: Command): void {
  program
    .command('history')
    .argument('<account>', 'account id (UIN)')
    .summary("an account's history: every event of its streams, who caused it, when")
    .description(
      'The events of the account, its logins and sessions, its deregistration requests and the reads of its personal data, oldest first. ' +
        'Personal data reads "***" unless --unmasked --reason is given; that read is recorded on the account\'s access log (one entry per 500 events read).',
    )
    .option('--types <types>', 'only these event types (comma-separated, repeatable)', listOption)
    .option('--from <time|position>', 'from this ISO-8601 time or global position (inclusive)', momentOption('--from'))
    .option('--to <time|position>', 'up to this ISO-8601 time or global position (inclusive)', momentOption('--to'))
    .addOption(new Option('--order <order>', 'oldest or newest first').choices(['oldest', 'newest']).default('oldest'))
    .option('--json', 'the entries as a JSON array')
    .option('--unmasked', 'personal data in clear (needs --reason; recorded)')
    .option('--reason <text>', 'why the personal data is needed')
    .action(async (account: string, options: HistoryOptions) => {
      const unmask = unmaskRequest(options);
      await withInfrastructure(async ({ infra }) => {
        const query: HistoryQuery = { types: options.types, from: options.from, to: options.to, order: options.order, ...(unmask ? { unmask: { reason: unmask.reason, ctx: analystContext() } } : {}) };
        const entries = await allEntries(analysisDeps(infra), account, query);
        if (options.json) process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
        else if (entries.length) process.stdout.write(historyTable(entries));
        if (!entries.length) throw new CommandFailed(`no history for account ${account} in that range`);
      });
    });
}

/** Every page of the history (an account's history is bounded; the pages keep each read small). */
export async function allEntries(deps: AnalysisDeps, account: string, query: HistoryQuery): Promise<HistoryEntry[]> {
  const entries: HistoryEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await accountHistory(deps, account, { ...query, limit: HISTORY_MAX_LIMIT, cursor });
    entries.push(...page.entries);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return entries;
}

function historyTable(entries: readonly HistoryEntry[]): string {
  const rows = entries.map((e) => [String(e.position), e.time, e.type, e.metadata.endUser ? `${e.metadata.team}/${e.metadata.endUser}` : e.metadata.team, summary(e.data)]);
  return table(['POSITION', 'TIME', 'TYPE', 'BY', 'DATA'], rows);
}

/** The data without the account id every entry repeats. */
function summary(data: Record<string, unknown>): string {
  const { accountId: _accountId, ...rest } = data;
  return JSON.stringify(rest);
}
