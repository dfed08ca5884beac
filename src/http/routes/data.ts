import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { EXPORT_FORMATS, exportAllocationRun } from '../../app/allocation/index.ts';
import { computeAllocationRun, getAllocationModel, getAllocationRun, updateAllocationModel, latestAllocationRun, listAllocationRuns, modelFromDb, populationFromDb, rowExplanation } from '../../app/allocation/index.ts';
import { secretariatCoFinancing } from '../../core/cofinancing.ts';
import { InvalidFileError, NotFoundError } from '../../core/errors.ts';
import { ore } from '../../core/money.ts';
import { parseBasis } from '../../core/register.ts';
import { confirmPopulationImport, listPopulationPeriods, previewPopulationImport } from '../../app/population/index.ts';
import { clusterFacts, membershipScope, registerFromDb, registerView, registerYearsInDb, updateMembership } from '../../app/register/index.ts';
import { recordChange, searchAudit } from '../../infra/audit/audit.ts';
import { auditNames } from '../../infra/audit/names.ts';
import type { Resource } from '../../infra/auth/policy.ts';
import type { App } from '../app.ts';
import { sendCachedJson } from '../cached-json.ts';
import { contentTag, isNotModified } from '../etag.ts';
import { actorOf, type ApiContext } from './context.ts';
import { yearParam } from './schemas.ts';
import { allocationModelSchema, allocationRunSchema, allocationRunSummarySchema, secretariatCoFinancingSchema, storedRun } from './responses/allocation.ts';
import { auditEntriesSchema, auditSearchSchema } from './responses/audit.ts';
import { fileResponse, notModifiedResponse } from './responses/common.ts';
import { importConfirmedSchema, importPreviewSchema, periodSchema } from './responses/population.ts';
import { memberSchema, registerViewSchema } from './responses/register.ts';


const idParam = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const basisInput = z.string().trim().min(1).max(200).describe('full, partial:ANTAL:TEKST, remainder, weight:BRØK eller none');

/** Register, population, allocation runs and exports, co-financing and the audit trail (issue 3). */
export function dataRoutes(app: App, ctx: ApiContext): void {
  const db = ctx.database.kysely;

  /** The cluster of a `:clusterId/years/:year` route, for the policy; an unknown cluster is 404. */
  const clusterResource = async (request: FastifyRequest): Promise<Resource> => {
    const { clusterId, year } = request.params as { clusterId: string; year: number };
    const facts = await clusterFacts(db, clusterId, year);
    if (!facts) throw new NotFoundError('cluster.not-found', `Klyngen "${clusterId}" findes ikke.`);
    return { kind: 'cluster', ...facts };
  };
  const membershipResource = async (request: FastifyRequest): Promise<Resource> => {
    const { id } = request.params as { id: number };
    const scope = await membershipScope(db, id);
    if (!scope) throw new NotFoundError('membership.not-found', `Medlemskab ${String(id)} findes ikke.`);
    const facts = await clusterFacts(db, scope.clusterId, scope.year);
    if (!facts) throw new NotFoundError('membership.not-found', `Medlemskab ${String(id)} findes ikke.`);
    return { kind: 'membership', municipalityCode: scope.municipalityCode, ...facts };
  };

  app.get(
    '/api/years',
    {
      config: { action: 'reference:read' },
      schema: {
        tags: ['register'],
        summary: 'Årene med register; current er det nyeste år med en beregnet fordeling (det, skærmene viser først)',
        response: { 200: z.object({ years: z.array(z.number().int()), current: z.number().int().nullable() }) },
      },
    },
    async () => {
      const years = await registerYearsInDb(db);
      const latest = await db.selectFrom('allocation_runs').select('year').orderBy('year', 'desc').limit(1).executeTakeFirst();
      return { years, current: latest?.year ?? years.at(-1) ?? null };
    },
  );

  app.get(
    '/api/years/:year/register',
    { config: { action: 'reference:read' }, schema: { tags: ['register'], summary: 'Regioner → klynger → medlemmer for et år', params: z.object({ year: yearParam }), response: { 200: registerViewSchema } } },
    async (request, reply) => sendCachedJson(reply, await registerView(db, request.params.year), registerViewSchema),
  );

  app.patch(
    '/api/memberships/:id',
    {
      config: { action: 'membership:edit', resource: membershipResource },
      schema: {
        tags: ['register'],
        summary: 'Ret et medlemskab (version skal være den gemte; ellers 409)',
        params: z.object({ id: idParam }),
        body: z.object({
          version: z.number().int().min(1),
          mark: z.enum(['', '*', '**', '***']).optional().describe('Tabel 2-mærket; dets flag følger med, medmindre de angives'),
          political: z.boolean().optional(),
          administrative: z.boolean().optional(),
          commonFundsBasis: basisInput.optional(),
          secretariatBasis: basisInput.optional(),
          note: z.string().max(500).nullable().optional(),
        }),
        response: { 200: memberSchema },
      },
    },
    async (request) => {
      const b = request.body;
      return updateMembership(db, actorOf(request), request.params.id, b.version, {
        ...(b.mark !== undefined ? { mark: b.mark } : {}),
        ...(b.political !== undefined ? { political: b.political } : {}),
        ...(b.administrative !== undefined ? { administrative: b.administrative } : {}),
        ...(b.commonFundsBasis !== undefined ? { commonFundsBasis: parseBasis(b.commonFundsBasis) } : {}),
        ...(b.secretariatBasis !== undefined ? { secretariatBasis: parseBasis(b.secretariatBasis) } : {}),
        ...(b.note !== undefined ? { note: b.note ?? '' } : {}),
      });
    },
  );

  app.get(
    '/api/memberships/:id/history',
    {
      config: { action: 'cluster:read', resource: membershipResource },
      schema: { tags: ['register', 'audit'], summary: 'Revisionssporet for ét medlemskab (hvem, hvornår, før → efter)', params: z.object({ id: idParam }), response: { 200: auditEntriesSchema } },
    },
    async (request) => ({ entries: await searchAudit(db, { entity: 'membership', entityId: String(request.params.id) }) }),
  );

  app.get(
    '/api/population/periods',
    { config: { action: 'reference:read' }, schema: { tags: ['population'], summary: 'Befolkningsperioder', response: { 200: z.object({ periods: z.array(periodSchema) }) } } },
    async () => ({ periods: await listPopulationPeriods(db) }),
  );

  app.post(
    '/api/population/imports',
    {
      config: { action: 'population:import' },
      schema: { tags: ['population'], summary: 'Læs en FOLK1A-fil (CSV fra Statistikbanken) og se ændringerne før bekræftelse', querystring: z.object({ filename: z.string().max(200).optional() }), response: { 201: importPreviewSchema } },
    },
    async (request, reply) => {
      const body = request.body;
      if (typeof body !== 'string' || body.trim() === '') {
        throw new InvalidFileError('import.population', 'Filen er tom. Send FOLK1A-filen som text/csv.', { errors: [{ line: 0, message: 'Filen er tom.' }] });
      }
      return reply.code(201).send(await previewPopulationImport(db, actorOf(request), body, request.query.filename ?? null));
    },
  );

  app.post(
    '/api/population/imports/:importId/confirm',
    { config: { action: 'population:import' }, schema: { tags: ['population'], summary: 'Bekræft en indlæsning (alt eller intet)', params: z.object({ importId: z.string().uuid() }), response: { 200: importConfirmedSchema } } },
    async (request) => confirmPopulationImport(db, actorOf(request), request.params.importId),
  );

  app.get(
    '/api/years/:year/allocation',
    { config: { action: 'reference:read' }, schema: { tags: ['allocation'], summary: 'Årets gældende fordeling (seneste kørsel)', params: z.object({ year: yearParam }), response: { 200: allocationRunSchema, 304: notModifiedResponse } } },
    async (request, reply) => {
      const run = await latestAllocationRun(db, request.params.year);
      return isNotModified(request, reply, contentTag(run)) ? reply.code(304).send(null) : sendCachedJson(reply, run, allocationRunSchema);
    },
  );

  app.get(
    '/api/years/:year/allocation-model',
    { config: { action: 'reference:read' }, schema: { tags: ['allocation'], summary: 'Årets fordelingsmodel: beløb, regionsnøgle, befolkningskvartal, afrunding', params: z.object({ year: yearParam }), response: { 200: allocationModelSchema } } },
    async (request) => getAllocationModel(db, request.params.year),
  );

  app.put(
    '/api/years/:year/allocation-model',
    {
      config: { action: 'allocation:compute' },
      schema: {
        tags: ['allocation'],
        summary: 'Ret årets fordelingsmodel (version skal være den gemte; ellers 409). Gemte kørsler ændres ikke.',
        params: z.object({ year: yearParam }),
        body: z.object({
          version: z.number().int().min(1),
          municipalTotalOre: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
          regionalTotalOre: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
          regionalKey: z
            .discriminatedUnion('kind', [
              z.object({ kind: z.literal('amounts'), values: z.record(z.string().regex(/^108[1-5]$/), z.number().int().min(0)) }),
              z.object({ kind: z.literal('shares'), values: z.record(z.string().regex(/^108[1-5]$/), z.string().min(1).max(40)) }),
            ])
            .optional(),
          regionalKeySource: z.string().trim().min(1).max(500).optional(),
          regionalKeyAssumption: z.boolean().optional(),
          populationPeriod: z.string().regex(/^\d{4}K[1-4]$/).optional(),
          populationPeriodSource: z.string().max(500).optional(),
          unit: z.enum(['krone', 'øre']).optional(),
        }),
        response: { 200: allocationModelSchema },
      },
    },
    async (request) => {
      const { version, ...changes } = request.body;
      const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
      return updateAllocationModel(db, actorOf(request), request.params.year, version, defined);
    },
  );

  app.get(
    '/api/years/:year/allocation-runs',
    { config: { action: 'reference:read' }, schema: { tags: ['allocation'], summary: 'Årets fordelingskørsler, nyeste først', params: z.object({ year: yearParam }), response: { 200: z.object({ runs: z.array(allocationRunSummarySchema) }) } } },
    async (request) => ({ runs: await listAllocationRuns(db, request.params.year) }),
  );

  app.post(
    '/api/years/:year/allocation-runs',
    {
      config: { action: 'allocation:compute' },
      schema: {
        tags: ['allocation'],
        summary: 'Beregn og gem en ny fordelingskørsel (en rettelse er en ny kørsel)',
        params: z.object({ year: yearParam }),
        body: z.object({ note: z.string().max(500).optional(), correctsRunId: idParam.optional() }).default({}),
        response: { 201: allocationRunSchema },
      },
    },
    async (request, reply) => {
      const { note, correctsRunId } = request.body;
      const run = await computeAllocationRun(db, actorOf(request), request.params.year, { ...(note !== undefined ? { note } : {}), ...(correctsRunId !== undefined ? { correctsRunId } : {}) });
      return reply.code(201).send(storedRun(run));
    },
  );

  app.get(
    '/api/allocation-runs/:id',
    { config: { action: 'reference:read' }, schema: { tags: ['allocation'], summary: 'En gemt fordelingskørsel med input og resultat', params: z.object({ id: idParam }), response: { 200: allocationRunSchema, 304: notModifiedResponse } } },
    async (request, reply) => {
      const run = await getAllocationRun(db, request.params.id);
      return isNotModified(request, reply, contentTag(run)) ? reply.code(304).send(null) : sendCachedJson(reply, run, allocationRunSchema);
    },
  );

  app.get(
    '/api/allocation-runs/:id/export',
    {
      config: { action: 'export:download' },
      schema: { tags: ['allocation'], summary: 'Hent en kørsel som CSV, xlsx eller JSON (logges)', params: z.object({ id: idParam }), querystring: z.object({ format: z.enum(EXPORT_FORMATS).default('xlsx') }), response: { 200: fileResponse('Kørslen som fil', 'csv', 'xlsx', 'json'), 304: notModifiedResponse } },
    },
    async (request, reply) => {
      const run = await getAllocationRun(db, request.params.id);
      // The run is immutable, so its export is too: a client holding it gets 304 (still logged).
      if (isNotModified(request, reply, contentTag(run, `export-${request.query.format}`))) {
        await recordChange(db, actorOf(request), { action: 'export.download', entity: 'allocation_run', entityId: run.id, before: null, after: { format: request.query.format, notModified: true } });
        return reply.code(304).send(null);
      }
      const file = await exportAllocationRun(run, request.query.format);
      await recordChange(db, actorOf(request), { action: 'export.download', entity: 'allocation_run', entityId: run.id, before: null, after: { format: request.query.format, filename: file.filename } });
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .send(typeof file.body === 'string' ? file.body : Buffer.from(file.body));
    },
  );

  app.get(
    '/api/clusters/:clusterId/years/:year/secretariat-cofinancing',
    {
      config: { action: 'cluster:read', resource: clusterResource },
      schema: {
        tags: ['allocation'],
        summary: 'Kommunernes medfinansiering af klyngens sekretariat (objektiv fordeling)',
        params: z.object({ clusterId: z.string().regex(/^[a-z0-9-]+$/), year: yearParam }),
        querystring: z.object({ costOre: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER), unit: z.enum(['krone', 'øre']).default('krone') }),
        response: { 200: secretariatCoFinancingSchema },
      },
    },
    async (request) => {
      const { clusterId, year } = request.params;
      const register = await registerFromDb(db, year);
      const model = await modelFromDb(db, year);
      const { population } = await populationFromDb(db, model.populationPeriod);
      const c = secretariatCoFinancing(register, clusterId, population.municipal, ore(request.query.costOre), request.query.unit);
      return {
        clusterId,
        cluster: c.cluster,
        year,
        costOre: c.cost,
        unit: c.unit,
        populationPeriod: model.populationPeriod,
        rows: c.rows.map((r) => ({
          municipalityCode: r.municipalityCode,
          municipalityName: r.municipality,
          basisKind: r.basisKind,
          basisNote: r.basisNote,
          basis: { num: r.basis.num.toString(), den: r.basis.den.toString() },
          share: { num: r.row.shareOfTotal.num.toString(), den: r.row.shareOfTotal.den.toString() },
          ore: r.amount,
          explanation: rowExplanation(r.row, c.distribution),
        })),
      };
    },
  );

  app.get(
    '/api/audit',
    {
      config: { action: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: 'Søg i revisionssporet (nyeste først)',
        querystring: z.object({
          entity: z.string().max(100).optional(),
          entityId: z.string().max(200).optional(),
          actor: z.string().max(200).optional(),
          action: z.string().max(100).optional(),
          q: z.string().max(200).optional(),
          from: z.coerce.date().optional(),
          to: z.coerce.date().optional(),
          limit: z.coerce.number().int().min(1).max(500).optional(),
          beforeId: z.coerce.number().int().positive().optional(),
        }),
        response: { 200: auditSearchSchema },
      },
    },
    async (request) => {
      const q = request.query;
      const entries = await searchAudit(db, {
        ...(q.entity !== undefined ? { entity: q.entity } : {}),
        ...(q.entityId !== undefined ? { entityId: q.entityId } : {}),
        ...(q.actor !== undefined ? { actor: q.actor } : {}),
        ...(q.action !== undefined ? { action: q.action } : {}),
        ...(q.q !== undefined ? { text: q.q } : {}),
        ...(q.from !== undefined ? { from: q.from } : {}),
        ...(q.to !== undefined ? { to: q.to } : {}),
        ...(q.limit !== undefined ? { limit: q.limit } : {}),
        ...(q.beforeId !== undefined ? { beforeId: q.beforeId } : {}),
      });
      // Names for the ids in these entries (users, initiatives, meetings, clusters …), so the page shows no UUIDs.
      return { entries, names: await auditNames(db, entries) };
    },
  );
}
