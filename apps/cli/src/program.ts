import { Command, CommanderError } from 'commander';
import { registerExport } from './commands/export';
import { registerHistory } from './commands/history';
import { registerState } from './commands/state';
import { registerTimeline } from './commands/timeline';
import { registerRebuild } from './commands/rebuild';
import { registerRepublish } from './commands/republish';
import { registerVerify } from './commands/verify';
import { EXIT, exitCodeOf } from './errors';

/**
 * `acc`: the analysts' command-line tool (X-7). Same environment as the apps (ACC_DATA_DIR,
 * EVENTSTORE_URL, ACC_MASTER_KEY, MONGODB_URL, ACC_MONGODB_DB, KAFKA_BROKERS, ...).
 * Exit codes: 0 ok, 1 differences found or a failure, 2 a usage error. Data goes to stdout or
 * --out, progress and messages to stderr. See docs/analysts-guide.md.
 */
export function buildProgram(): Command {
  const program = new Command('acc')
    .description("Account Center core, analysts' tool: history, state at a moment, export, read-model rebuild and verification, republishing, timelines")
    .option('-q, --quiet', 'no progress output')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  const commands = [registerHistory, registerState, registerExport, registerRebuild, registerVerify, registerRepublish, registerTimeline];
  for (const register of commands) register(program);
  for (const command of program.commands) command.exitOverride().showHelpAfterError('(add --help for usage)');
  return program;
}

export async function run(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT.usage;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are exits with code 0; every parsing error (already printed) is a usage error.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const { code, message } = exitCodeOf(error);
    process.stderr.write(`acc: ${message}\n`);
    return code;
  }
}
