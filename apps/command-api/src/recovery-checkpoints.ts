import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { ProcessRecoveryDefinition, RecoveryCheckpoint, RecoveryState } from '@acc/application';

/**
 * The process recoveries' own checkpoints (docs/adr/0020), one row per recovery in
 * `<data dir>/recovery-checkpoints.db`: the last position read and the noted work not yet
 * repaired (identity refs are keyed hashes, ids; no personal data in clear). A row is replaced
 * in one statement, so a crash leaves the old state or the new one. Derived from the log: deleting
 * the file makes the next start read the whole log again, nothing else.
 */
export class RecoveryCheckpoints {
  private readonly db: Database.Database;
  private readonly stmt: { load: Database.Statement; save: Database.Statement };

  constructor(path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 10000');
    this.db.exec('CREATE TABLE IF NOT EXISTS recovery_checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL, pending TEXT NOT NULL, saved_at TEXT NOT NULL)');
    this.stmt = {
      load: this.db.prepare('SELECT position, pending FROM recovery_checkpoints WHERE name = ?'),
      save: this.db.prepare('INSERT OR REPLACE INTO recovery_checkpoints (name, position, pending, saved_at) VALUES (?, ?, ?, ?)'),
    };
  }

  /** The checkpoint of one recovery (its row is the definition's name). */
  of<P>(definition: ProcessRecoveryDefinition<P>): RecoveryCheckpoint<P> {
    const { name } = definition;
    return {
      load: async () => {
        const row = this.stmt.load.get(name) as { position: number; pending: string } | undefined;
        return row && { position: row.position, pending: JSON.parse(row.pending) as RecoveryState<P>['pending'] };
      },
      save: async (state) => {
        if (!this.db.open) return; // closed at shutdown while a last run finishes: the next start reads a little more
        this.stmt.save.run(name, state.position, JSON.stringify(state.pending), new Date().toISOString());
      },
    };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
