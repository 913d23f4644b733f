import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const env = { ...process.env, NX_DAEMON: 'false' };

/** The boundary rule needs Nx's project graph; computing it first keeps the rule from skipping itself. */
export function computeProjectGraph(): void {
  execFileSync(join(root, 'node_modules/.bin/nx'), ['show', 'projects'], { cwd: root, env, stdio: 'ignore' });
}

/** ESLint as CI runs it: the real CLI on the real config, the code given on stdin as if it were that file. */
export function lintAs(file: string, code: string): string[] {
  let output: string;
  try {
    output = execFileSync(join(root, 'node_modules/.bin/eslint'), ['--stdin', '--stdin-filename', join(root, file), '--format', 'json'], { cwd: root, env, input: code, encoding: 'utf8' });
  } catch (error) {
    output = (error as { stdout: string }).stdout; // exit code 1 = problems found
  }
  const [result] = JSON.parse(output) as Array<{ messages: Array<{ ruleId: string; message: string }> }>;
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}
