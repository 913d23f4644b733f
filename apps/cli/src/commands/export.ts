import { type Command, Option } from 'commander';
import { recordPersonalDataRead, type Moment } from '@acc/analysis';
import { analysisDeps, analystContext, unmaskRequest } from '../analysis-deps';
import { headPosition, withInfrastructure } from '../context';
import { UsageError } from '../errors';
import type { ExportFormat } from '../export/rows';
import { exportEvents } from '../export/run';
import { PAGE_SIZE } from '../export/scan';
import { listOption, momentOption } from '../options';
import { openOutput } from '../output';
import { progress } from '../progress';

interface ExportOptions {
  readonly account?: string;
  readonly types?: string[];
  readonly from?: Moment;
  readonly to?: Moment;
  readonly format: ExportFormat;
  readonly out?: string;
  readonly unmasked?: boolean;
  readonly reason?: string;
  readonly stats?: boolean;
  readonly pageSize: number;
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .summary('export events of the whole store (or one account) as NDJSON or CSV')
    .description(
      'Streams the global log in pages to a file in constant memory, decoded by the codec. ' +
        'Personal-data fields read "***" unless --unmasked --reason is given for one --account (the read is then recorded on that account\'s access log); ' +
        'credentials always read "[secret]", erased data "[erased]". Progress on stderr: a bar on a terminal, a line every 2 s otherwise.',
    )
    .option('--account <id>', "only this account's streams (account, logins, sessions, deregistration, access log)")
    .option('--types <types>', 'only these event types (comma-separated, repeatable)', listOption)
    .option('--from <time|position>', 'from this ISO-8601 time or global position (inclusive)', momentOption('--from'))
    .option('--to <time|position>', 'up to this ISO-8601 time or global position (inclusive)', momentOption('--to'))
    .addOption(new Option('--format <format>', 'output format').choices(['ndjson', 'csv']).default('ndjson'))
    .option('--out <file>', 'write here (created 0600); default stdout')
    .option('--unmasked', 'include personal data in clear (needs --account and --reason)')
    .option('--reason <text>', 'why the personal data is needed (recorded)')
    .option('--stats', 'print a JSON line with counts, rate and peak RSS to stderr at the end')
    .addOption(new Option('--page-size <n>', 'events per read').argParser((v) => Number(v)).default(PAGE_SIZE).hideHelp())
    .action(async (options: ExportOptions, command: Command) => runExport(options, Boolean(command.optsWithGlobals().quiet)));
}

async function runExport(options: ExportOptions, quiet: boolean): Promise<void> {
  const unmask = unmaskRequest(options);
  if (unmask && !options.account) throw new UsageError('--unmasked exports one account at a time: add --account <id>');
  if (!Number.isSafeInteger(options.pageSize) || options.pageSize < 1) throw new UsageError('--page-size must be a positive integer');
  await withInfrastructure(async ({ infra }) => {
    if (unmask && options.account) await recordPersonalDataRead(analysisDeps(infra).repository, options.account, { reason: unmask.reason, what: 'export' }, analystContext());
    const out = openOutput(options.out);
    const bar = progress({ label: 'export', total: rangeTotal(headPosition(infra), options), quiet: quiet || (!options.out && Boolean(process.stdout.isTTY)) });
    let result;
    try {
      result = await exportEvents(infra, options, out, { format: options.format, masked: !unmask, pageSize: options.pageSize, onPage: (n) => bar.update(n) });
    } finally {
      bar.stop();
      await out.close();
    }
    if (options.stats) process.stderr.write(`${JSON.stringify({ stats: result })}\n`);
  });
}

/** Events the range spans where positions are dense (SQLite); unknown for one account or EventStoreDB. */
function rangeTotal(head: number | undefined, options: ExportOptions): number | undefined {
  if (head === undefined || options.account) return undefined;
  const last = options.to && 'position' in options.to ? Math.min(head, options.to.position) : head;
  const first = options.from && 'position' in options.from ? options.from.position : 1;
  return Math.max(0, last - first + 1);
}
