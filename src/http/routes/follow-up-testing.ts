import type { Kysely } from 'kysely';
import { kroner } from '../../core/money.ts';
import { createInitiative, type StoredInitiative } from '../../app/economy/index.ts';
import type { Actor } from '../../infra/audit/audit.ts';
import type { Schema } from '../../infra/db/schema.ts';

/** Test data for the governance and follow-up HTTP tests (not used by production code). */

export const TEST_ACTOR: Actor = { id: null, name: 'testopsætning' };

/**
 * A proposed initiative in a cluster, carried out by one party, costing `kr` in `year` (2023 by
 * default; the seeds' funds exist for 2022 only, so an initiative meant to be approved uses 2022).
 */
export function testInitiative(db: Kysely<Schema>, clusterId: string, party: string, title: string, kr = 600_000, year = 2023): Promise<StoredInitiative> {
  return createInitiative(db, TEST_ACTOR, clusterId, {
    title,
    description: `${title}: afprøvning i klyngen.`,
    targetGroup: 'vulnerable-elderly',
    startPeriod: `${String(year)}-01`,
    endPeriod: `${String(year)}-12`,
    executingParties: [party],
    forecast: { lines: [{ id: 'L1', kind: 'other', year, description: 'Afprøvning', category: 'trial', funding: 'common', party, amount: kroner(kr) }] },
  });
}

/** A minimal multipart/form-data body with one file in the field `file`. */
export function multipart(fileName: string, mediaType: string, content: Buffer): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----klynge${String(Date.now())}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${mediaType}\r\n\r\n`, 'utf8');
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
  return { payload: Buffer.concat([head, content, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export const PDF_BYTES = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');
export const PNG_BYTES = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
