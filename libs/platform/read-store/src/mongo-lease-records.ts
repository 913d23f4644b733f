import { type Db, MongoServerError } from 'mongodb';
import type { LeaseRecord, LeaseRecords } from '@acc/ports';

/** Where leases live in a read-store database; not a read model (no projection owns it). */
export const LEASE_COLLECTION = 'leases';

interface LeaseDoc {
  _id: string;
  holder: string;
  epoch: number;
  expiresAt: number;
}

/**
 * Lease records in MongoDB: `swap` is one conditional `updateOne` on `{_id, holder, epoch}` (or an
 * insert whose duplicate-key refusal means another instance was first), atomic on one document,
 * so it runs on FerretDB too (no transactions needed).
 */
export class MongoLeaseRecords implements LeaseRecords {
  readonly kind = 'mongodb';

  constructor(private readonly db: Db) {}

  private get collection() {
    return this.db.collection<LeaseDoc>(LEASE_COLLECTION);
  }

  async read(name: string): Promise<LeaseRecord | undefined> {
    const doc = await this.collection.findOne({ _id: name });
    return doc ? { holder: doc.holder, epoch: doc.epoch, expiresAt: doc.expiresAt } : undefined;
  }

  async swap(name: string, expected: LeaseRecord | undefined, next: LeaseRecord): Promise<boolean> {
    const fields = { holder: next.holder, epoch: next.epoch, expiresAt: next.expiresAt };
    if (!expected) {
      try {
        await this.collection.insertOne({ _id: name, ...fields });
        return true;
      } catch (error) {
        if (error instanceof MongoServerError && error.code === 11000) return false;
        throw error;
      }
    }
    const result = await this.collection.updateOne({ _id: name, holder: expected.holder, epoch: expected.epoch }, { $set: fields });
    return result.matchedCount === 1;
  }
}
