import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { CostLine } from '../../core/economy/forecast.ts';
import { InvalidFileError, NotFoundError } from '../../core/errors.ts';
import { ore } from '../../core/money.ts';
import { parseDecimal } from '../../core/rational.ts';
import { toApiJson } from '../../app/economy/index.ts';
import { getInitiative, type InitiativeInput } from '../../app/economy/index.ts';
import {
  addExtraLocalFunds,
  approve,
  changeInitiativeStatus,
  closeClusterYear,
  correctActual,
  createSettlement,
  economyView,
  economyWorkbook,
  getSettlement,
  importActualsCsv,
  importWorkbookActuals,
  initiativeView,
  postingFile,
  proposeInitiative,
  recordActuals,
  recordCommitment,
  reopenClusterYear,
  reverseSettlement,
  updateForecast,
} from '../../app/economy/index.ts';
import { clusterFacts } from '../../app/register/index.ts';
import { recordChange } from '../../infra/audit/audit.ts';
import { authorize, mayActForParty, type Resource } from '../../infra/auth/policy.ts';
import type { App } from '../app.ts';
import { sendCachedJson } from '../cached-json.ts';
import { contentTag, isNotModified } from '../etag.ts';
import { forbidden } from '../problem.ts';
import { actorOf } from './context.ts';
import type { ApiContext } from './context.ts';
import { yearParam } from './schemas.ts';
import { now } from '../../infra/clock.ts';
import { countSchema, downloadResponse, notModifiedResponse, sentAs } from './responses/common.ts';
import { createdSettlementSchema, economyViewSchema, initiativeViewSchema, reversalSchema, settlementSchema } from './responses/economy.ts';

const clusterIdParam = z.string().regex(/^[a-z0-9-]+$/);
const period = z.string().regex(/^\d{4}-\d{2}$/, 'skriv år og måned som 2023-04');
/** Øre at the edge: at most 10^13 øre (100 mia. kr.), far above any real amount, so sums stay exact. */
const oreAmount = z.number().int().min(0).max(10_000_000_000_000);
/** A fraction or decimal as text ("1/2", "0,5"), parsed exactly. */
const exact = z.string().trim().min(1).max(40);
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const categories = ['development', 'trial', 'administration', 'secretariat', 'operations', 'implementation'] as const;

const costLine = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('salary'), id: z.string().min(1).max(100), year: z.number().int(), description: z.string().trim().min(1).max(300), category: z.enum(categories), funding: z.enum(['common', 'own']), party: z.string().min(1), annualSalaryOre: oreAmount, fteShare: exact, months: exact }),
  z.object({ kind: z.literal('hourly'), id: z.string().min(1).max(100), year: z.number().int(), description: z.string().trim().min(1).max(300), category: z.enum(categories), funding: z.enum(['common', 'own']), party: z.string().min(1), hourlyRateOre: oreAmount, hours: exact, rateAgreement: z.string().trim().min(1).max(300) }),
  z.object({ kind: z.literal('other'), id: z.string().min(1).max(100), year: z.number().int(), description: z.string().trim().min(1).max(300), category: z.enum(categories), funding: z.enum(['common', 'own']), party: z.string().min(1), amountOre: oreAmount }),
]);
type CostLineBody = z.infer<typeof costLine>;

function toCostLine(l: CostLineBody): CostLine {
  const base = { id: l.id, year: l.year, description: l.description, category: l.category, funding: l.funding, party: l.party };
  switch (l.kind) {
    case 'salary':
      return { ...base, kind: 'salary', annualSalary: ore(l.annualSalaryOre), fteShare: parseDecimal(l.fteShare), months: parseDecimal(l.months) };
    case 'hourly':
      return { ...base, kind: 'hourly', hourlyRate: ore(l.hourlyRateOre), hours: parseDecimal(l.hours), rateAgreement: l.rateAgreement };
    case 'other':
      return { ...base, kind: 'other', amount: ore(l.amountOre) };
  }
}

const decisionBody = z.object({ version: z.number().int().min(1), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'skriv datoen som ÅÅÅÅ-MM-DD'), level: z.enum(['political', 'professional']), meetingReference: z.string().trim().min(1).max(300) });

const initiativeBody = z.object({
  title: z.string().trim().min(1).max(300),
  description: z.string().max(5000).default(''),
  targetGroup: z.enum(['chronic-illness', 'acute', 'mental-illness', 'young-mental-wellbeing', 'vulnerable-elderly', 'other']),
  otherTargetGroup: z.string().max(300).optional(),
  startPeriod: period,
  endPeriod: period,
  executingParties: z.array(z.string().min(1)).min(1),
  agreedShares: z.object({ shares: z.array(z.object({ party: z.string().min(1), basis: exact })).min(1), decisionReference: z.string().trim().min(1) }).optional(),
  lines: z.array(costLine).default([]),
  municipalFunction: z.string().regex(/^\d\.\d{2}\.\d{2}$/, 'skriv funktionen som 4.62.88').optional(),
  /** A different municipal function in some years (e.g. after a change of the chart of accounts). */
  municipalFunctionByYear: z.record(z.string().regex(/^\d{4}$/), z.string().regex(/^\d\.\d{2}\.\d{2}$/, 'skriv funktionen som 4.62.88')).optional(),
  /** The region's own account (regions book on their own chart of accounts). */
  regionalAccount: z.string().trim().min(1).max(40).optional(),
});

/** The cluster economy (issue 4): funds, initiatives, forecasts, actuals, settlements, year end, workbook. */
export function economyRoutes(app: App, ctx: ApiContext): void {
  const db = ctx.database.kysely;

  const clusterOf = async (clusterId: string, year: number | null): Promise<Resource> => {
    const facts = await clusterFacts(db, clusterId, year);
    if (!facts) throw new NotFoundError('cluster.not-found', `Klyngen "${clusterId}" findes ikke.`);
    return { kind: 'cluster', ...facts };
  };
  // Access follows the year: a route with a year is judged by the cluster's members that year.
  const byClusterParam = (request: FastifyRequest): Promise<Resource> => {
    const { clusterId, year } = request.params as { clusterId: string; year?: number };
    return clusterOf(clusterId, year ?? null);
  };
  const byInitiative = async (request: FastifyRequest): Promise<Resource> => clusterOf((await getInitiative(db, (request.params as { id: string }).id)).clusterId, null);
  const bySettlement = async (request: FastifyRequest): Promise<Resource> => clusterOf((await getSettlement(db, (request.params as { id: number }).id)).clusterId, null);

  /**
   * A finance officer records only its own organisation's figures; the cluster's secretariat and
   * administrators record any party's.
   */
  const ownPartiesCheck = async (request: FastifyRequest): Promise<(parties: readonly string[]) => void> => {
    const resource = await byClusterParam(request);
    // The secretariat's unknown party ids are left to the service, which names them in Danish.
    if (authorize(request.principal, 'economy:edit', resource)) return () => undefined;
    return (parties) => {
      if (resource.kind !== 'cluster' || parties.some((p) => !mayActForParty(request.principal, resource, p))) throw forbidden();
    };
  };
  const assertOwnParties = async (request: FastifyRequest, parties: readonly string[]): Promise<void> => {
    (await ownPartiesCheck(request))(parties);
  };

  app.get(
    '/api/clusters/:clusterId/economy/:year',
    { config: { action: 'cluster:read', resource: byClusterParam }, schema: { tags: ['economy'], summary: 'Klyngens midler, indsatser, budget mod forbrug og årsafslutning for et år', params: z.object({ clusterId: clusterIdParam, year: yearParam }), response: { 200: economyViewSchema } } },
    async (request, reply) => {
      const view = await economyView(db, request.params.clusterId, request.params.year);
      return view !== null && typeof view === 'object' ? sendCachedJson(reply, view, economyViewSchema) : sentAs(economyViewSchema, view);
    },
  );

  app.post(
    '/api/clusters/:clusterId/economy/:year/extra-funds',
    {
      config: { action: 'economy:edit', resource: byClusterParam },
      schema: { tags: ['economy'], summary: 'Registrér ekstra lokale midler fra en part', params: z.object({ clusterId: clusterIdParam, year: yearParam }), body: z.object({ party: z.string().min(1), amountOre: oreAmount, decisionReference: z.string().max(300) }), response: { 201: economyViewSchema } },
    },
    async (request, reply) => {
      await addExtraLocalFunds(db, actorOf(request), request.params.clusterId, request.params.year, request.body);
      return reply.code(201).send(sentAs(economyViewSchema, await economyView(db, request.params.clusterId, request.params.year)));
    },
  );

  app.post(
    '/api/clusters/:clusterId/initiatives',
    { config: { action: 'economy:edit', resource: byClusterParam }, schema: { tags: ['economy'], summary: 'Opret en indsats (foreslået) med prognose', params: z.object({ clusterId: clusterIdParam }), body: initiativeBody, response: { 201: initiativeViewSchema } } },
    async (request, reply) => {
      const b = request.body;
      const input: InitiativeInput = {
        title: b.title,
        description: b.description,
        targetGroup: b.targetGroup,
        ...(b.otherTargetGroup !== undefined ? { otherTargetGroup: b.otherTargetGroup } : {}),
        startPeriod: b.startPeriod,
        endPeriod: b.endPeriod,
        executingParties: b.executingParties,
        ...(b.agreedShares ? { agreedShares: { shares: b.agreedShares.shares.map((s) => ({ party: s.party, basis: parseDecimal(s.basis) })), decisionReference: b.agreedShares.decisionReference } } : {}),
        forecast: { lines: b.lines.map(toCostLine) },
        ...(b.municipalFunction !== undefined || b.municipalFunctionByYear !== undefined || b.regionalAccount !== undefined
          ? {
              posting: {
                ...(b.municipalFunction !== undefined ? { municipalFunction: b.municipalFunction } : {}),
                ...(b.municipalFunctionByYear !== undefined ? { municipalFunctionByYear: Object.fromEntries(Object.entries(b.municipalFunctionByYear).map(([y, f]) => [Number(y), f])) } : {}),
                ...(b.regionalAccount !== undefined ? { regionalAccount: b.regionalAccount } : {}),
              },
            }
          : {}),
      };
      const created = await proposeInitiative(db, actorOf(request), request.params.clusterId, input);
      return reply.code(201).send(sentAs(initiativeViewSchema, await initiativeView(db, created.id)));
    },
  );

  app.get(
    '/api/initiatives/:id',
    { config: { action: 'cluster:read', resource: byInitiative }, schema: { tags: ['economy'], summary: 'En indsats med prognose, totaler pr. år og part, og ændringer siden godkendelse', params: z.object({ id: z.string().uuid() }), response: { 200: initiativeViewSchema } } },
    async (request) => sentAs(initiativeViewSchema, await initiativeView(db, request.params.id)),
  );

  app.put(
    '/api/initiatives/:id/forecast',
    { config: { action: 'economy:edit', resource: byInitiative }, schema: { tags: ['economy'], summary: 'Ret prognosen (den godkendte bevares)', params: z.object({ id: z.string().uuid() }), body: z.object({ version: z.number().int().min(1), lines: z.array(costLine) }), response: { 200: initiativeViewSchema } } },
    async (request) => {
      await updateForecast(db, actorOf(request), request.params.id, request.body.version, request.body.lines.map(toCostLine));
      return sentAs(initiativeViewSchema, await initiativeView(db, request.params.id));
    },
  );

  app.post(
    '/api/initiatives/:id/approve',
    { config: { action: 'economy:edit', resource: byInitiative }, schema: { tags: ['economy'], summary: 'Godkend indsatsen (eller en ændret prognose) med beslutningen; afvises, hvis midlerne ikke rækker', params: z.object({ id: z.string().uuid() }), body: decisionBody, response: { 200: initiativeViewSchema } } },
    async (request) => {
      const { version, ...decision } = request.body;
      await approve(db, actorOf(request), request.params.id, version, decision);
      return sentAs(initiativeViewSchema, await initiativeView(db, request.params.id));
    },
  );

  app.post(
    '/api/initiatives/:id/status',
    {
      config: { action: 'economy:edit', resource: byInitiative },
      schema: { tags: ['economy'], summary: 'Skift status (i gang, afsluttet, stoppet, afvist …)', params: z.object({ id: z.string().uuid() }), body: z.object({ version: z.number().int().min(1), status: z.enum(['running', 'ended', 'evaluated', 'rejected', 'stopped']) }), response: { 200: initiativeViewSchema } },
    },
    async (request) => {
      await changeInitiativeStatus(db, actorOf(request), request.params.id, request.body.version, request.body.status);
      return sentAs(initiativeViewSchema, await initiativeView(db, request.params.id));
    },
  );

  const actualLine = z.object({ initiativeId: z.string().min(1), party: z.string().min(1), period: z.string(), amountOre: z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER), category: z.string(), funding: z.string(), text: z.string().max(500).default('') });
  app.post(
    '/api/clusters/:clusterId/actuals',
    { config: { action: 'party:edit', resource: byClusterParam }, schema: { tags: ['economy'], summary: 'Registrér forbrug (indtastet); alt eller intet', params: z.object({ clusterId: clusterIdParam }), body: z.object({ lines: z.array(actualLine).min(1).max(5000) }), response: { 201: countSchema } } },
    async (request, reply) => {
      const count = await recordActuals(db, actorOf(request), request.params.clusterId, request.body.lines, await ownPartiesCheck(request));
      return reply.code(201).send({ count });
    },
  );

  app.post(
    '/api/clusters/:clusterId/actuals/import',
    { config: { action: 'party:edit', resource: byClusterParam }, schema: { tags: ['economy'], summary: 'Indlæs forbrug fra et bogføringsudtræk (CSV); alt eller intet. Samme fil eller samme linjer igen giver 409, medmindre confirmDuplicates=true', params: z.object({ clusterId: clusterIdParam }), querystring: z.object({ filename: z.string().max(200).default('udtræk.csv'), confirmDuplicates: z.enum(['true', 'false']).optional() }), response: { 201: countSchema } } },
    async (request, reply) => {
      if (typeof request.body !== 'string' || request.body.trim() === '') throw new InvalidFileError('import.actuals', 'Filen er tom.', { errors: [{ line: 0, message: 'Filen er tom.' }] });
      const check = await ownPartiesCheck(request);
      const count = await importActualsCsv(db, actorOf(request), request.params.clusterId, request.body, request.query.filename, check, { confirmDuplicates: request.query.confirmDuplicates === 'true' });
      return reply.code(201).send({ count });
    },
  );

  app.post(
    '/api/clusters/:clusterId/economy/:year/workbook-actuals',
    { config: { action: 'economy:edit', resource: byClusterParam }, schema: { tags: ['economy'], summary: 'Indlæs arket "Forbrug" fra det redigerede regneark; erstatter årets forbrug; alt eller intet', params: z.object({ clusterId: clusterIdParam, year: yearParam }), response: { 201: countSchema } } },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) throw new InvalidFileError('import.actuals', 'Send regnearket som xlsx.', { errors: [{ line: 0, message: 'Ingen fil.' }] });
      const count = await importWorkbookActuals(db, actorOf(request), request.params.clusterId, request.params.year, request.body);
      return reply.code(201).send({ count });
    },
  );

  app.get(
    '/api/clusters/:clusterId/economy/:year/workbook',
    { config: { action: 'cluster:read', resource: byClusterParam }, schema: { tags: ['economy'], summary: 'Klyngebudget og -regnskab som xlsx (formler); logges', params: z.object({ clusterId: clusterIdParam, year: yearParam }), response: { 200: downloadResponse('Regnearket (xlsx)', XLSX) } } },
    async (request, reply) => {
      const file = await economyWorkbook(db, request.params.clusterId, request.params.year);
      await recordChange(db, actorOf(request), { action: 'export.download', entity: 'cluster_year', entityId: `${request.params.clusterId}/${String(request.params.year)}`, before: null, after: { format: 'xlsx', filename: file.filename } });
      return reply.header('content-type', XLSX).header('content-disposition', `attachment; filename="${file.filename}"`).send(file.body);
    },
  );

  app.post(
    '/api/clusters/:clusterId/settlements',
    {
      config: { action: 'economy:edit', resource: byClusterParam },
      schema: {
        tags: ['economy'],
        summary: 'Afregn en periode i ét klyngeår: hvad hver betaler skylder, og hver parts konteringer. En allerede afregnet periode giver den eksisterende afregning (200); forbrug ud over det godkendte kræver en begrundelse',
        params: z.object({ clusterId: clusterIdParam }),
        body: z.object({ from: period, to: period, overspendReason: z.string().trim().max(1000).optional() }),
        response: { 200: createdSettlementSchema, 201: createdSettlementSchema },
      },
    },
    async (request, reply) => {
      const { overspendReason, ...p } = request.body;
      const { id, existing, settlement } = await createSettlement(db, actorOf(request), request.params.clusterId, { ...p, ...(overspendReason !== undefined ? { overspendReason } : {}) });
      return reply.code(existing ? 200 : 201).send(sentAs(createdSettlementSchema, toApiJson({ id, existing, clusterId: request.params.clusterId, settlement })));
    },
  );

  app.post(
    '/api/settlements/:id/reverse',
    { config: { action: 'economy:edit', resource: bySettlement }, schema: { tags: ['economy'], summary: 'Tilbagefør en afregning med en modpostering (lige store, modsatte linjer) og en begrundelse', params: z.object({ id: z.coerce.number().int().positive() }), body: z.object({ reason: z.string().trim().min(1, 'skriv en begrundelse').max(1000) }), response: { 201: reversalSchema } } },
    async (request, reply) => {
      const { id, settlement } = await reverseSettlement(db, actorOf(request), request.params.id, request.body.reason);
      return reply.code(201).send(sentAs(reversalSchema, toApiJson({ id, reverses: String(request.params.id), settlement })));
    },
  );

  app.post(
    '/api/clusters/:clusterId/actuals/:lineId/correct',
    {
      config: { action: 'party:edit', resource: byClusterParam },
      schema: { tags: ['economy'], summary: 'Ret en forbrugslinje med en rettelseslinje (den oprindelige linje bevares)', params: z.object({ clusterId: clusterIdParam, lineId: z.coerce.number().int().positive() }), body: z.object({ amountOre: z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER), text: z.string().trim().min(1, 'skriv hvorfor forbruget rettes').max(500) }), response: { 201: countSchema } },
    },
    async (request, reply) => {
      const line = await db.selectFrom('actuals').select('party').where('id', '=', request.params.lineId).where('cluster_id', '=', request.params.clusterId).executeTakeFirst();
      if (line) await assertOwnParties(request, [line.party]);
      const count = await correctActual(db, actorOf(request), request.params.clusterId, request.params.lineId, request.body);
      return reply.code(201).send({ count });
    },
  );

  app.get(
    '/api/settlements/:id',
    { config: { action: 'cluster:read', resource: bySettlement }, schema: { tags: ['economy'], summary: 'En gemt afregning', params: z.object({ id: z.coerce.number().int().positive() }), response: { 200: settlementSchema, 304: notModifiedResponse } } },
    async (request, reply) => {
      const run = await getSettlement(db, request.params.id);
      // A run is immutable (a reversal is a run of its own): its content tag never changes.
      return isNotModified(request, reply, contentTag(run.settlement, `settlement-${run.id}`)) ? reply.code(304).send(null) : sentAs(settlementSchema, toApiJson(run));
    },
  );

  app.get(
    '/api/settlements/:id/postings/:party',
    {
      config: { action: 'cluster:read', resource: bySettlement },
      schema: { tags: ['economy'], summary: 'En parts konteringsfil (CSV eller xlsx) med kontrolsum; logges', params: z.object({ id: z.coerce.number().int().positive(), party: z.string().regex(/^\d{3,4}$/) }), querystring: z.object({ format: z.enum(['csv', 'xlsx']).default('csv') }), response: { 200: downloadResponse('Konteringsfilen (CSV eller xlsx)', 'text/csv', XLSX), 304: notModifiedResponse } },
    },
    async (request, reply) => {
      const run = await getSettlement(db, request.params.id);
      if (isNotModified(request, reply, contentTag(run.settlement, `settlement-${run.id}-${request.params.party}-${request.query.format}`))) {
        await recordChange(db, actorOf(request), { action: 'export.download', entity: 'settlement_run', entityId: String(request.params.id), before: null, after: { party: request.params.party, format: request.query.format, notModified: true } });
        return reply.code(304).send(null);
      }
      const file = await postingFile(db, request.params.id, request.params.party, request.query.format);
      await recordChange(db, actorOf(request), { action: 'export.download', entity: 'settlement_run', entityId: String(request.params.id), before: null, after: { party: request.params.party, format: request.query.format } });
      return reply.header('content-type', file.contentType).header('content-disposition', `attachment; filename="${file.filename}"`).send(file.body);
    },
  );

  app.post(
    '/api/clusters/:clusterId/economy/:year/commitments',
    { config: { action: 'party:edit', resource: byClusterParam }, schema: { tags: ['economy'], summary: 'Registrér en parts tilsagn om råderum under udgiftsloftet', params: z.object({ clusterId: clusterIdParam, year: yearParam }), body: z.object({ party: z.string().min(1), amountOre: oreAmount }), response: { 201: economyViewSchema } } },
    async (request, reply) => {
      await assertOwnParties(request, [request.body.party]);
      await recordCommitment(db, actorOf(request), request.params.clusterId, request.params.year, request.body.party, request.body.amountOre);
      return reply.code(201).send(sentAs(economyViewSchema, await economyView(db, request.params.clusterId, request.params.year)));
    },
  );

  app.post(
    '/api/clusters/:clusterId/economy/:year/close',
    { config: { action: 'economy:edit', resource: byClusterParam }, schema: { tags: ['economy'], summary: 'Afslut året: uforbrugte midler videreføres med tilsagn, ellers bortfalder de', params: z.object({ clusterId: clusterIdParam, year: yearParam }), body: z.object({ version: z.number().int().min(1).optional() }).optional(), response: { 200: economyViewSchema } } },
    async (request) => {
      await closeClusterYear(db, actorOf(request), request.params.clusterId, request.params.year, now(), request.body?.version);
      return sentAs(economyViewSchema, await economyView(db, request.params.clusterId, request.params.year));
    },
  );

  app.post(
    '/api/clusters/:clusterId/economy/:year/reopen',
    { config: { action: 'year:reopen' }, schema: { tags: ['economy'], summary: 'Genåbn et afsluttet år (kun administrator)', params: z.object({ clusterId: clusterIdParam, year: yearParam }), response: { 200: economyViewSchema } } },
    async (request) => {
      await reopenClusterYear(db, actorOf(request), request.params.clusterId, request.params.year, now());
      return sentAs(economyViewSchema, await economyView(db, request.params.clusterId, request.params.year));
    },
  );
}
