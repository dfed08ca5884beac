import { sql, type Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';

/** The hash the first link of the chain points back to (migration 0011_audit_chain.sql). */
export const AUDIT_GENESIS = 'klynge-audit-genesis';

/** Where and why the chain breaks first. */
export interface AuditBreak {
  /** The link's number in commit order (null: a row with no link at all). */
  readonly seq: number | null;
  /** The audit_log row concerned (null when the row itself is gone). */
  readonly auditId: number | null;
  /** Danish, for people. */
  readonly reason: string;
}

export interface AuditVerification {
  readonly ok: boolean;
  /** Links checked. */
  readonly links: number;
  /** The last link's hash: write it down somewhere else to detect a rewritten chain later. */
  readonly head: string;
  readonly firstBroken: AuditBreak | null;
}

const BATCH = 5000;

/**
 * Walks the audit chain (revisionssporets hashkæde) in commit order and recomputes every link in
 * the database with the same function the trigger used, so the check cannot drift from the
 * writer. Reports the first link whose row was changed or removed, whose back-pointer is wrong,
 * or a gap; and any audit row with no link (inserted with the trigger disabled). `signal` aborts
 * the walk between batches (it then rejects with the signal's reason).
 */
export async function verifyAuditChain(db: Kysely<Schema>, opts: { signal?: AbortSignal } = {}): Promise<AuditVerification> {
  let expectedSeq = 1;
  let prev = AUDIT_GENESIS;
  let links = 0;
  for (;;) {
    // Between batches: a server shutting down stops the walk (the database is about to close).
    opts.signal?.throwIfAborted();
    const rows = await sql<{ seq: string | number; audit_id: string | number; prev_hash: string; row_hash: string; recomputed: string | null; present: boolean }>`
      SELECT c.seq, c.audit_id, c.prev_hash, c.row_hash, klynge_audit_row_hash(c.prev_hash, a) AS recomputed, a.id IS NOT NULL AS present
      FROM audit_chain c LEFT JOIN audit_log a ON a.id = c.audit_id
      WHERE c.seq >= ${expectedSeq} ORDER BY c.seq LIMIT ${BATCH}`.execute(db);
    for (const r of rows.rows) {
      const seq = Number(r.seq);
      const auditId = Number(r.audit_id);
      const broken = (reason: string): AuditVerification => ({ ok: false, links, head: prev, firstBroken: { seq, auditId, reason } });
      if (seq !== expectedSeq) return { ok: false, links, head: prev, firstBroken: { seq: expectedSeq, auditId: null, reason: `Led ${String(expectedSeq)} i kæden mangler (næste er ${String(seq)}).` } };
      if (r.prev_hash !== prev) return broken(`Led ${String(seq)} peger ikke på det forrige led (kæden er brudt eller omskrevet).`);
      if (!r.present) return broken(`Revisionsrækken ${String(auditId)} er slettet.`);
      if (r.recomputed !== r.row_hash) return broken(`Revisionsrækken ${String(auditId)} er ændret efter den blev skrevet.`);
      prev = r.row_hash;
      links += 1;
      expectedSeq += 1;
    }
    if (rows.rows.length < BATCH) break;
  }
  const unlinked = await sql<{ id: string | number }>`
    SELECT a.id FROM audit_log a LEFT JOIN audit_chain c ON c.audit_id = a.id WHERE c.seq IS NULL ORDER BY a.id LIMIT 1`.execute(db);
  const orphan = unlinked.rows[0];
  if (orphan !== undefined) {
    return { ok: false, links, head: prev, firstBroken: { seq: null, auditId: Number(orphan.id), reason: `Revisionsrækken ${String(orphan.id)} er ikke i kæden (skrevet uden om Klynge, fx med udløseren slået fra).` } };
  }
  return { ok: true, links, head: prev, firstBroken: null };
}
