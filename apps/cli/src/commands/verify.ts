import type { Command } from 'commander';
import type { Infrastructure } from '@acc/composition';
import type { ProjectedEvent, Projection, ReadDocument, ReadStore } from '@acc/ports';
import { InMemoryReadStore } from '@acc/read-store';
import { withInfrastructure } from '../context';
import { CommandFailed } from '../errors';
import { compareCollection, type Difference } from '../read-models/compare';
import { foldRange } from '../read-models/fold';
import { liveReadStore } from '../read-models/live-store';
import { READ_MODEL_NAMES, selectProjections } from '../read-models/select';

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .argument('[read-model]', `a read model (${READ_MODEL_NAMES}) or all`, 'all')
    .summary('compare the live read models with a fresh fold of the event log')
    .description(
      'Reads each live checkpoint, folds the log up to it into memory with the same projections, and compares every document. ' +
        'Prints each difference (missing, unexpected or changed documents with the fields that differ); exit code 1 when there is one. ' +
        'Needs MONGODB_URL: the embedded read models live in the command process and are a fresh fold at every start.',
    )
    .option('--json', 'the differences as JSON')
    .action(async (name: string, options: { json?: boolean }) => {
      const projections = selectProjections(name);
      await withInfrastructure(async ({ config, infra }) => {
        const live = liveReadStore(config, 'verify');
        try {
          const differences = await verify(infra, live, projections);
          print(differences, projections, Boolean(options.json));
          if (differences.length) throw new CommandFailed(`${differences.length} difference(s) between the live read models and a fresh fold`);
        } finally {
          await live.close();
        }
      });
    });
}

async function verify(infra: Infrastructure, live: ReadStore, projections: readonly Projection[]): Promise<Difference[]> {
  const reached = new Map<string, number>();
  const differences: Difference[] = [];
  for (const p of projections) {
    const checkpoint = await live.getCheckpoint(p.name);
    if (!checkpoint || checkpoint.version !== p.version) {
      differences.push({ collection: p.collections.map((c) => c.name).join(','), id: `(${p.name})`, kind: 'missing' });
      continue;
    }
    reached.set(p.name, checkpoint.position ?? 0);
  }
  const built = projections.filter((p) => reached.has(p.name));
  const fresh = new InMemoryReadStore();
  for (const c of built.flatMap((p) => p.collections)) await fresh.prepare(c);
  await foldRange({ events: infra.store, decode: (r) => infra.codec.decode<ProjectedEvent>(r), into: fresh, projections: built, upTo: (p) => reached.get(p.name) ?? 0 });
  for (const p of built) {
    for (const c of p.collections) {
      const [liveDocs, freshDocs] = await Promise.all([live.find<ReadDocument>(c.name), fresh.find<ReadDocument>(c.name)]);
      differences.push(...compareCollection(c.name, liveDocs, freshDocs, reached.get(p.name) ?? 0));
    }
  }
  return differences;
}

const show = (value: unknown) => (value === undefined ? '(absent)' : JSON.stringify(value));

function print(differences: readonly Difference[], projections: readonly Projection[], json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify({ differences }, null, 2)}\n`);
    return;
  }
  for (const d of differences) {
    if (d.kind !== 'changed') {
      process.stdout.write(`${d.kind === 'missing' ? 'MISSING   ' : 'UNEXPECTED'} ${d.collection} ${d.id}\n`);
      continue;
    }
    process.stdout.write(`CHANGED    ${d.collection} ${d.id}\n`);
    for (const f of d.fields ?? []) process.stdout.write(`  ${f.path}: live ${show(f.live)}, fresh ${show(f.fresh)}\n`);
  }
  const names = projections.map((p) => p.name).join(', ');
  process.stdout.write(differences.length ? `${differences.length} difference(s) in ${names}\n` : `no differences in ${names}\n`);
}
