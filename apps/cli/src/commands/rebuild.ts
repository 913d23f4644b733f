import type { Command } from 'commander';
import type { Infrastructure } from '@acc/composition';
import type { RecordedEvent } from '@acc/kernel';
import type { ProjectedEvent, Projection } from '@acc/ports';
import type { MongoReadStore } from '@acc/read-store';
import { headPosition, withInfrastructure } from '../context';
import { foldRange } from '../read-models/fold';
import { liveReadStore } from '../read-models/live-store';
import { ShadowReadStore } from '../read-models/renamed-store';
import { READ_MODEL_NAMES, selectProjections } from '../read-models/select';
import { MongoCollections } from '../read-models/switch';
import { progress } from '../progress';

export function registerRebuild(program: Command): void {
  program
    .command('rebuild')
    .argument('<read-model>', `a read model (${READ_MODEL_NAMES}) or all`)
    .summary('rebuild read models from the event log beside the live ones, then switch')
    .description(
      'Folds the whole log into shadow collections (<name>__rebuild) while the command app keeps reading and projecting the live ones, ' +
        'then renames each shadow into place, replays what was appended meanwhile (writes guarded by position, so a running projector does no harm) ' +
        'and sets the checkpoint to the current version. Needs MONGODB_URL: the embedded read models are rebuilt at every start of the command app.',
    )
    .action(async (name: string, _options: unknown, command: Command) => {
      const projections = selectProjections(name);
      const quiet = Boolean(command.optsWithGlobals().quiet);
      await withInfrastructure(async ({ config, infra }) => {
        const live = liveReadStore(config, 'rebuild');
        const mongo = new MongoCollections(config.mongodbUrl as string, live.databaseName);
        try {
          const position = await rebuild({ infra, live, mongo, projections, quiet });
          process.stdout.write(`rebuilt ${projections.map((p) => `${p.name} v${p.version}`).join(', ')} up to position ${position ?? '(empty log)'}\n`);
        } finally {
          await mongo.close();
          await live.close();
        }
      });
    });
}

interface Rebuild {
  readonly infra: Infrastructure;
  readonly live: MongoReadStore;
  readonly mongo: MongoCollections;
  readonly projections: readonly Projection[];
  readonly quiet: boolean;
}

async function rebuild({ infra, live, mongo, projections, quiet }: Rebuild): Promise<number | undefined> {
  const collections = projections.flatMap((p) => p.collections);
  const shadow = new ShadowReadStore(live, new Set(collections.map((c) => c.name)));
  for (const c of collections) {
    await mongo.createShadow(c.name);
    await shadow.prepare(c);
  }
  const decode = (recorded: RecordedEvent<Record<string, unknown>>) => infra.codec.decode<ProjectedEvent>(recorded);
  const bar = progress({ label: 'rebuild', total: headPosition(infra), quiet });
  let built: number | undefined;
  try {
    built = await foldRange({ events: infra.store, decode, into: shadow, projections, onPage: (n) => bar.update(n) });
  } finally {
    bar.stop();
  }
  for (const c of collections) await mongo.switchIn(c.name);
  // Events appended during the fold (and whatever a live projector wrote to the old collections meanwhile).
  const reached = (await foldRange({ events: infra.store, decode, into: live, projections, after: built })) ?? built;
  await setCheckpoints(live, projections, reached);
  return reached;
}

/** The live checkpoint moves to the rebuilt position (forward only within the version; a new version starts there). */
async function setCheckpoints(live: MongoReadStore, projections: readonly Projection[], position: number | undefined): Promise<void> {
  for (const p of projections) {
    const stored = await live.getCheckpoint(p.name);
    if (!stored || stored.version !== p.version) await live.resetCheckpoint(p.name, p.version);
    if (position !== undefined) await live.saveCheckpoints([{ projection: p.name, version: p.version, position }]);
  }
}
