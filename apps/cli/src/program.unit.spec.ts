import { run } from './program';

/** Commander writes help and errors itself; the exit codes are ours. */
describe('acc program', () => {
  let output = '';
  beforeEach(() => {
    output = '';
    for (const stream of [process.stdout, process.stderr]) {
      jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
        output += chunk.toString();
        return true;
      });
    }
  });
  afterEach(() => jest.restoreAllMocks());

  it.each(['history', 'state', 'export', 'timeline', 'verify', 'rebuild', 'republish'])('%s --help: usage and exit code 0', async (command) => {
    expect(await run([command, '--help'])).toBe(0);
    expect(output).toContain(`Usage: acc ${command}`);
  });

  it('lists every command, and answers 2 to nothing, an unknown command or a missing argument', async () => {
    expect(await run(['--help'])).toBe(0);
    for (const command of ['history', 'state', 'export', 'timeline', 'verify', 'rebuild', 'republish']) expect(output).toContain(command);
    expect(await run([])).toBe(2);
    expect(await run(['frobnicate'])).toBe(2);
    expect(await run(['history'])).toBe(2);
    expect(await run(['republish', '--from', 'x'])).toBe(2);
    expect(await run(['timeline', '123'])).toBe(2);
  });
});
