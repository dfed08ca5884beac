import { z } from 'zod';
import type { ScenarioInputs } from '../../core/scenario.ts';
import { scenarioWorkbook } from '../../app/scenarios/index.ts';
import type { FastifyRequest } from 'fastify';
import { NotFoundError } from '../../core/errors.ts';
import { clusterFacts } from '../../app/register/index.ts';
import type { Resource } from '../../infra/auth/policy.ts';
import { createScenario, getScenario, listScenarios, promoteScenario, scenarioCoFinancing } from '../../app/scenarios/index.ts';
import { recordChange } from '../../infra/audit/audit.ts';
import type { App } from '../app.ts';
import { actorOf } from './context.ts';
import type { ApiContext } from './context.ts';
import { yearParam } from './schemas.ts';
import { fileResponse } from './responses/common.ts';
import { scenarioCoFinancingSchema, scenarioSummarySchema, scenarioViewSchema, storedScenario } from './responses/scenarios.ts';

const regionCode = z.string().regex(/^108[1-5]$/);
const clusterId = z.string().regex(/^[a-z0-9-]+$/);
const decimal = z.string().trim().min(1).max(40);

/** A scenario's inputs: only what differs from the decided model. */
export const scenarioInputsSchema = z
  .object({
    populationPeriod: z.string().regex(/^\d{4}K[1-4]$/, 'skriv kvartalet som 2023K1').optional(),
    populationImportId: z.string().uuid().optional(),
    regionalKey: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('amounts'), values: z.record(regionCode, z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)), source: z.string().trim().min(1).max(500) }),
        z.object({ kind: z.literal('shares'), values: z.record(regionCode, decimal), source: z.string().trim().min(1).max(500) }),
      ])
      .optional(),
    districtFigures: z.array(z.object({ clusterId, municipalityCode: z.string().regex(/^\d{3}$/), population: z.number().int().min(0).max(10_000_000) })).max(50).optional(),
    regionalSplits: z
      .array(
        z.discriminatedUnion('kind', [
          z.object({ regionCode, kind: z.literal('population') }),
          z.object({ regionCode, kind: z.literal('agreed'), weights: z.record(clusterId, decimal), source: z.string().trim().min(1).max(500) }),
        ]),
      )
      .max(5)
      .optional(),
  })
  .strict()
  .refine((i) => i.populationPeriod === undefined || i.populationImportId === undefined, { message: 'angiv enten et befolkningskvartal eller en befolkningsfil, ikke begge', path: ['populationImportId'] });

function inputsOf(b: z.infer<typeof scenarioInputsSchema>): ScenarioInputs {
  return {
    ...(b.populationPeriod !== undefined ? { populationPeriod: b.populationPeriod } : {}),
    ...(b.populationImportId !== undefined ? { populationImportId: b.populationImportId } : {}),
    ...(b.regionalKey !== undefined ? { regionalKey: b.regionalKey } : {}),
    ...(b.districtFigures !== undefined ? { districtFigures: b.districtFigures } : {}),
    ...(b.regionalSplits !== undefined ? { regionalSplits: b.regionalSplits } : {}),
  };
}

/** What-if allocation scenarios beside the decided run (issue 14). */
export function scenarioRoutes(app: App, ctx: ApiContext): void {
  const db = ctx.database.kysely;
  const idParam = z.object({ id: z.string().uuid() });

  app.get(
    '/api/years/:year/scenarios',
    { config: { action: 'reference:read' }, schema: { tags: ['scenarios'], summary: 'Årets gemte scenarier, nyeste først', params: z.object({ year: yearParam }), response: { 200: z.object({ scenarios: z.array(scenarioSummarySchema) }) } } },
    async (request) => ({ scenarios: await listScenarios(db, request.params.year) }),
  );

  app.post(
    '/api/years/:year/scenarios',
    {
      config: { action: 'scenario:edit' },
      schema: {
        tags: ['scenarios'],
        summary: 'Beregn og gem et scenarie (andet befolkningskvartal, regionsnøgle, bydelstal eller regional fordeling); ændrer ingen kørsel',
        params: z.object({ year: yearParam }),
        body: z.object({ name: z.string().trim().min(1).max(200), inputs: scenarioInputsSchema }),
        response: { 201: scenarioViewSchema },
      },
    },
    async (request, reply) => reply.code(201).send(storedScenario(await createScenario(db, actorOf(request), request.params.year, request.body.name, inputsOf(request.body.inputs)))),
  );

  app.get(
    '/api/scenarios/:id',
    { config: { action: 'reference:read' }, schema: { tags: ['scenarios'], summary: 'Scenariet ved siden af den besluttede kørsel: pr. klynge og part besluttet, scenarie, forskel i kr. og %', params: idParam, response: { 200: scenarioViewSchema } } },
    async (request) => storedScenario(await getScenario(db, request.params.id)),
  );

  app.get(
    '/api/scenarios/:id/export',
    { config: { action: 'export:download' }, schema: { tags: ['scenarios'], summary: 'Hent scenariet som xlsx med formler (logges)', params: idParam, response: { 200: fileResponse('Scenariet som xlsx', 'xlsx') } } },
    async (request, reply) => {
      const s = await getScenario(db, request.params.id);
      const filename = `scenarie-${String(s.year)}-${s.id.slice(0, 8)}.xlsx`;
      const body = await scenarioWorkbook(s);
      await recordChange(db, actorOf(request), { action: 'export.download', entity: 'allocation_scenario', entityId: s.id, before: null, after: { format: 'xlsx', filename } });
      return reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', `attachment; filename="${filename}"`).send(Buffer.from(body));
    },
  );

  const clusterResource = async (request: FastifyRequest): Promise<Resource> => {
    const { clusterId: c } = request.params as { clusterId: string };
    const facts = await clusterFacts(db, c, null);
    if (!facts) throw new NotFoundError('cluster.not-found', `Klyngen "${c}" findes ikke.`);
    return { kind: 'cluster', ...facts };
  };

  app.get(
    '/api/scenarios/:id/clusters/:clusterId/cofinancing',
    {
      config: { action: 'cluster:read', resource: clusterResource },
      schema: {
        tags: ['scenarios'],
        summary: 'Klyngens sekretariatsmedfinansiering med scenariets befolkningskvartal og bydelstal ved siden af den besluttede',
        params: z.object({ id: z.string().uuid(), clusterId }),
        querystring: z.object({ costOre: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }),
        response: { 200: scenarioCoFinancingSchema },
      },
    },
    async (request) => scenarioCoFinancing(db, request.params.id, request.params.clusterId, request.query.costOre),
  );

  app.post(
    '/api/scenarios/:id/promote',
    {
      config: { action: 'allocation:compute' },
      schema: { tags: ['scenarios'], summary: 'Gør scenariet til årets besluttede fordeling (ny kørsel; kun administrator; revisionsspor)', params: idParam, body: z.object({ note: z.string().trim().min(1, 'skriv hvorfor (fx mødereference)').max(500) }), response: { 201: z.object({ runId: z.string() }) } },
    },
    async (request, reply) => reply.code(201).send(await promoteScenario(db, actorOf(request), request.params.id, request.body.note)),
  );
}
