import { run } from './program';

/** Entry point (bin/acc.js requires it): runs the command, then exits with its code even if a client left a handle open. */
void run(process.argv.slice(2)).then((code) => {
  process.stdout.write('', () => process.exit(code));
});
