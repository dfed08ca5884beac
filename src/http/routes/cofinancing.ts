import { z } from 'zod';
import { coFinancingFile, decideCoFinancing, getCoFinancingRecord } from '../../app/allocation/index.ts';
import { NotFoundError } from '../../core/errors.ts';
import { recordChange } from '../../infra/audit/audit.ts';
import type { App } from '../app.ts';
import { actorOf } from './context.ts';
import { clusterIdParam, clusterResource, isoDateField, versionField } from './follow-up-schemas.ts';
import type { ApiContext } from './context.ts';
import { yearParam } from './schemas.ts';
import { coFinancingRecordSchema } from './responses/allocation.ts';
import { fileResponse } from './responses/common.ts';

/**
 * The decided secretariat co-financing per cluster-year (issue 15, seed 003): read, decide
 * (the cluster's secretariat), download as CSV or xlsx (logged). The calculation itself without
 * saving stays at GET …/secretariat-cofinancing (data.ts).
 */
export function coFinancingRoutes(app: App, ctx: ApiContext): void {
  const db = ctx.database.kysely;
  const cluster = clusterResource(db);
  const params = z.object({ clusterId: clusterIdParam, year: yearParam });
  const tags = ['allocation'];
  const path = '/api/clusters/:clusterId/years/:year/secretariat-cofinancing/decision';

  app.get(
    path,
    { config: { action: 'cluster:read', resource: cluster }, schema: { tags, summary: 'Den besluttede medfinansiering af klyngens sekretariat for året (null, hvis ingen er besluttet)', params, response: { 200: z.object({ record: coFinancingRecordSchema.nullable() }) } } },
    async (request) => ({ record: await getCoFinancingRecord(db, request.params.clusterId, request.params.year) }),
  );

  app.put(
    path,
    {
      config: { action: 'economy:edit', resource: cluster },
      schema: {
        tags,
        summary: 'Gem (beslut) medfinansieringen for klynge og år: udgift, beslutning og resultat (beregnes på serveren; version skal være den gemte)',
        params,
        body: z.object({
          version: versionField,
          costOre: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
          decisionReference: z.string().max(500),
          decidedOn: isoDateField,
        }),
        response: { 200: z.object({ record: coFinancingRecordSchema }) },
      },
    },
    async (request) => ({ record: await decideCoFinancing(db, actorOf(request), request.params.clusterId, request.params.year, request.body) }),
  );

  app.get(
    `${path}/export`,
    {
      config: { action: 'cluster:read', resource: cluster },
      schema: { tags, summary: 'Hent den besluttede medfinansiering som CSV eller xlsx (logges)', params, querystring: z.object({ format: z.enum(['csv', 'xlsx']).default('xlsx') }), response: { 200: fileResponse('Medfinansieringen som fil', 'csv', 'xlsx') } },
    },
    async (request, reply) => {
      const record = await getCoFinancingRecord(db, request.params.clusterId, request.params.year);
      if (!record) throw new NotFoundError('cofinancing.not-found', `Der er ikke besluttet en medfinansiering af sekretariatet for ${String(request.params.year)}.`);
      const file = await coFinancingFile(record, request.query.format);
      await recordChange(db, actorOf(request), {
        action: 'export.download',
        entity: 'secretariat_cofinancing',
        entityId: `${record.clusterId}/${String(record.year)}`,
        before: null,
        after: { format: request.query.format, filename: file.filename, version: record.version },
      });
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .send(typeof file.body === 'string' ? file.body : Buffer.from(file.body));
    },
  );
}
