#!/usr/bin/env node
/**
 * `npm test`: type-check, lint (module boundaries), then the whole Jest suite.
 *
 * Real servers: KAFKA_BROKERS / MONGODB_URL point the suite at servers you run. When they
 * are not set, the project's own scripts (test/infra/up.sh) start a real Kafka broker and
 * a MongoDB-wire server (FerretDB) if Java/Maven and Go are present, and stop them after.
 * With CI=true a server that cannot start fails the run (with its log tail).
 * EventStoreDB is only used when EVENTSTORE_URL is set (its suite prints why it is skipped).
 * Extra arguments go to Jest (e.g. `npm test -- test/e2e`).
 */
const { spawnSync } = require('node:child_process');
const { existsSync, readFileSync, mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..');
const ci = process.env.CI === 'true' || process.env.CI === '1';
const jestArgs = process.argv.slice(2);
const env = { ...process.env, NX_DAEMON: 'false' };

function step(title, command, args, options = {}) {
  console.log(`\n=== ${title}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env, ...options });
  console.log(`=== ${title}: ${result.status === 0 ? 'ok' : `FAILED (exit ${result.status})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result.status === 0;
}

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

let startedInfra = false;
function startInfra() {
  if (env.KAFKA_BROKERS && env.MONGODB_URL) {
    console.log(`=== real servers: using KAFKA_BROKERS=${env.KAFKA_BROKERS} MONGODB_URL=${env.MONGODB_URL}`);
    return true;
  }
  if (env.ACC_SKIP_INFRA === '1' && !ci) {
    console.log('=== real servers: ACC_SKIP_INFRA=1, Kafka and MongoDB suites will be skipped');
    return true;
  }
  const missing = ['java', 'mvn', 'go'].filter((c) => !has(c));
  if (missing.length) {
    const message = `cannot start real Kafka/MongoDB servers: ${missing.join(', ')} not installed`;
    if (ci) {
      console.error(`=== real servers: ${message} (CI=true: failing)`);
      return false;
    }
    console.log(`=== real servers: ${message}; their suites will be skipped`);
    return true;
  }
  console.log('\n=== real servers: starting Kafka (KRaft) and FerretDB with test/infra/up.sh');
  const result = spawnSync('bash', [path.join(root, 'test/infra/up.sh')], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (result.status !== 0) {
    console.error('=== real servers: FAILED to start (log tails above)');
    spawnSync('bash', [path.join(root, 'test/infra/down.sh')], { cwd: root, env, stdio: 'inherit' });
    return !ci && (console.log('=== their suites will be skipped (not CI)'), true);
  }
  for (const line of result.stdout.split('\n')) {
    const m = /^(KAFKA_BROKERS|MONGODB_URL)=(.+)$/.exec(line.trim());
    if (m) env[m[1]] = m[2];
  }
  startedInfra = true;
  console.log(`=== real servers: KAFKA_BROKERS=${env.KAFKA_BROKERS} MONGODB_URL=${env.MONGODB_URL}`);
  return true;
}

function stopInfra() {
  if (startedInfra && env.ACC_KEEP_INFRA !== '1') spawnSync('bash', [path.join(root, 'test/infra/down.sh')], { cwd: root, env, stdio: 'inherit' });
}

function main() {
  const npxBin = (name) => path.join(root, 'node_modules', '.bin', name);
  let ok = step('typecheck', npxBin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
  // The boundary rule needs Nx's project graph; computing it first keeps the rule from being skipped.
  ok = step('project graph', npxBin('nx'), ['show', 'projects'], { stdio: ['ignore', 'ignore', 'inherit'] }) && ok;
  ok = step('lint (module boundaries, domain purity)', npxBin('eslint'), ['.', '--max-warnings=0']) && ok;
  if (!startInfra()) {
    console.log('\ntests: 0 passed, 1 failed');
    process.exit(1);
  }
  const report = path.join(mkdtempSync(path.join(tmpdir(), 'acc-jest-')), 'report.json');
  env.CI_REQUIRES_SERVERS = ci ? '1' : '0';
  const jestOk = step('jest', npxBin('jest'), ['--json', `--outputFile=${report}`, ...jestArgs]);
  stopInfra();
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  if (existsSync(report)) {
    const r = JSON.parse(readFileSync(report, 'utf8'));
    passed = r.numPassedTests;
    failed = r.numFailedTests + (r.numRuntimeErrorTestSuites || 0);
    skipped = r.numPendingTests + r.numTodoTests;
  } else failed = 1;
  if (!ok && failed === 0) failed = 1; // typecheck or lint failed
  console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  process.exit(ok && jestOk && failed === 0 ? 0 : 1);
}

process.on('SIGINT', () => {
  stopInfra();
  process.exit(130);
});
main();
