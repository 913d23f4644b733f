#!/usr/bin/env node
/**
 * `npm run bench`: compiles the workspace with test/bench, runs every test/bench/*.bench.ts
 * (each exports `run()`), prints the tables and writes docs/benchmarks.md.
 * `npm run bench -- command` runs only benches whose file name contains "command".
 */
const { spawnSync } = require('node:child_process');
const { readdirSync, writeFileSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..');
const filter = process.argv[2];
const tsc = spawnSync(path.join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.bench.json'], { cwd: root, stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

require('tsconfig-paths').register({ baseUrl: path.join(root, 'dist-bench'), paths: require('../tsconfig.base.json').compilerOptions.paths });
require('reflect-metadata');

function table(section) {
  const lines = [`| ${section.columns.join(' | ')} |`, `|${section.columns.map(() => '---').join('|')}|`];
  for (const row of section.rows) lines.push(`| ${row.join(' | ')} |`);
  return lines.join('\n');
}

async function main() {
  const dir = path.join(root, 'dist-bench/test/bench');
  const files = readdirSync(dir).filter((f) => f.endsWith('.bench.js') && (!filter || f.includes(filter))).sort();
  const sections = [];
  for (const file of files) {
    console.log(`\n### ${file.replace('.bench.js', '')}`);
    const { run } = require(path.join(dir, file));
    for (const section of await run()) {
      console.log(`\n${section.title}\n${section.notes.map((n) => `  ${n}`).join('\n')}\n${table(section)}`);
      sections.push(section);
    }
  }
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const doc = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (test/bench/); do not edit by hand. Figures depend on the machine; the',
    'ratios against the raw store underneath are what to compare between runs and machines.',
    '',
    `Last run: ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}.`,
    '',
    ...sections.flatMap((s) => [`## ${s.title}`, '', ...s.notes.map((n) => `- ${n}`), '', table(s), '']),
  ].join('\n');
  if (!filter) writeFileSync(path.join(root, 'docs/benchmarks.md'), doc);
  else console.log('\n(filtered run: docs/benchmarks.md left unchanged)');
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
