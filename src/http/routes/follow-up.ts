import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DomainError, NotFoundError } from '../../core/errors.ts';
import { QUESTION_TYPE_LABELS, STANDARD_QUESTIONS, type GuideLayerScope } from '../../core/follow-up/evaluation-guide.ts';
import { EVALUATION_STATUS_LABELS, RECOMMENDATION_LABELS } from '../../core/follow-up/evaluation.ts';
import { getInitiative, listInitiatives } from '../../app/economy/index.ts';
import { readAttachment } from '../../app/attachments/index.ts';
import { searchCatalogueFor } from '../../app/follow-up/index.ts';
import { addEvaluationAttachment, applyClusterCommand, applySsuCommand, getEvaluation, initiativeSummary, listEvaluations, requireEvaluation, startEvaluation, type ClusterCommand, type EvaluationScope, type SsuCommand } from '../../app/follow-up/index.ts';
import type { IsoDate } from '../../core/calendar.ts';
import { composedGuideFor, currentLayer, reviseGuideLayer } from '../../app/follow-up/index.ts';
import { adoptRecommended, lineageFor, listAdoptable } from '../../app/follow-up/index.ts';
import { decisionsFor } from '../../app/governance/index.ts';
import { clusterFacts } from '../../app/register/index.ts';
import type { Resource } from '../../infra/auth/policy.ts';
import type { App } from '../app.ts';
import { actorOf } from './context.ts';
import { clusterIdParam, clusterResource, isoDateField, readUpload, regionCodeParam, regionResource, sendFile, uuidParam, versionField } from './follow-up-schemas.ts';
import type { ApiContext } from './context.ts';
import { fileResponse, sent } from './responses/common.ts';
import { adoptableSchema, catalogueSchema, evaluationSummarySchema, evaluationViewSchema, guideLabelsSchema, guideLayerSchema, guideSnapshotSchema, initiativeFollowUpSchema, initiativeSummarySchema } from './responses/follow-up.ts';

const questionSchema = z.object({
  key: z.string().max(64),
  text: z.string().max(1000),
  type: z.enum(['free-text', 'number', 'date', 'choice']),
  required: z.boolean(),
  choices: z.array(z.string().max(200)).max(50).optional(),
  allowOther: z.boolean().optional(),
  specifies: z.string().max(64).optional(),
});
const standardRequiredSchema = z.record(z.string().max(64), z.boolean()).optional();

const recommendationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('spread-to-clusters'), clusterIds: z.array(clusterIdParam).min(1).max(30) }),
  z.object({ kind: z.literal('national') }),
  z.object({ kind: z.literal('none') }),
]);

const clusterCommandSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('set-plan'),
    criteria: z
      .array(z.object({ id: z.string().min(1).max(100), description: z.string().max(1000), measure: z.string().max(1000), target: z.string().max(500), measurementDates: z.array(isoDateField).max(50) }))
      .max(50),
  }),
  z.object({ type: z.literal('record-result'), criterionId: z.string().max(100), measuredOn: isoDateField, value: z.string().max(1000), note: z.string().max(2000).optional() }),
  z.object({ type: z.literal('answer'), answers: z.record(z.string().max(200), z.union([z.string().max(10_000), z.number(), z.null()])) }),
  z.object({ type: z.literal('mark-not-relevant'), questionId: z.string().max(200), reason: z.string().max(2000).nullable() }),
  z.object({ type: z.literal('rebase-guide') }),
  z.object({ type: z.literal('set-conclusion'), conclusion: z.string().max(20_000) }),
  z.object({ type: z.literal('submit') }),
  z.object({ type: z.literal('remove-attachment'), id: z.string().max(100) }),
]);

const ssuCommandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('record-discussion'), meetingId: uuidParam }),
  z.object({ type: z.literal('decide'), recommendation: recommendationSchema, justification: z.string().max(10_000), decidedOn: isoDateField, meetingDecisionId: z.string().max(100).optional() }),
]);

/** The request's command as the service takes it; dates are checked again by the domain (isoDate). */
function clusterCommand(c: z.infer<typeof clusterCommandSchema>): ClusterCommand {
  switch (c.type) {
    case 'set-plan':
      return { type: 'set-plan', criteria: c.criteria.map((x) => ({ ...x, measurementDates: x.measurementDates as IsoDate[] })) };
    case 'record-result':
      return { type: 'record-result', criterionId: c.criterionId, measuredOn: c.measuredOn, value: c.value, ...(c.note !== undefined ? { note: c.note } : {}) };
    case 'answer':
    case 'mark-not-relevant':
    case 'rebase-guide':
    case 'set-conclusion':
    case 'submit':
    case 'remove-attachment':
      return c;
  }
}

function ssuCommand(c: z.infer<typeof ssuCommandSchema>): SsuCommand {
  return c.type === 'record-discussion'
    ? c
    : { type: 'decide', recommendation: c.recommendation, justification: c.justification, decidedOn: c.decidedOn, ...(c.meetingDecisionId !== undefined ? { meetingDecisionId: c.meetingDecisionId } : {}) };
}

const csv = (max: number) => z.string().max(max).optional().transform((s) => (s === undefined || s === '' ? undefined : s.split(',').map((x) => x.trim()).filter((x) => x !== '')));

/** Evaluation guide, evaluations, SSU decisions, spreading and the knowledge catalogue (issue 5). */
export function followUpRoutes(app: App, ctx: ApiContext): void {
  const db = ctx.database.kysely;
  const cluster = clusterResource(db);
  const region = regionResource(db);
  const clusterParams = z.object({ clusterId: clusterIdParam });
  const regionParams = z.object({ regionCode: regionCodeParam });
  const tags = ['follow-up'];

  /** The cluster an initiative belongs to, for the policy. */
  const initiativeResource = async (request: FastifyRequest): Promise<Resource> => {
    const { initiativeId } = request.params as { initiativeId: string };
    const s = await getInitiative(db, initiativeId);
    const facts = await clusterFacts(db, s.clusterId, null);
    if (!facts) throw new NotFoundError('cluster.not-found', `Klyngen "${s.clusterId}" findes ikke.`);
    return { kind: 'cluster', ...facts };
  };

  app.get(
    '/api/evaluation-guide/labels',
    { config: { action: 'reference:read' }, schema: { tags, summary: 'De fem standardspørgsmål og tekster til status, anbefaling og spørgsmålstyper', response: { 200: guideLabelsSchema } } },
    () => sent({ standardQuestions: STANDARD_QUESTIONS, questionTypes: QUESTION_TYPE_LABELS, statuses: EVALUATION_STATUS_LABELS, recommendations: RECOMMENDATION_LABELS }),
  );

  // The guide's own questions: a cluster's and its SSU's.
  const guideRoutes: { prefix: string; params: typeof clusterParams | typeof regionParams; read: 'cluster:read' | 'region:read'; edit: 'followup:edit' | 'ssu:edit'; resource: typeof cluster; scopeOf: (r: FastifyRequest) => GuideLayerScope }[] = [
    { prefix: '/api/clusters/:clusterId', params: clusterParams, read: 'cluster:read', edit: 'followup:edit', resource: cluster, scopeOf: (r) => ({ kind: 'cluster', clusterId: (r.params as { clusterId: string }).clusterId }) },
    { prefix: '/api/regions/:regionCode', params: regionParams, read: 'region:read', edit: 'ssu:edit', resource: region, scopeOf: (r) => ({ kind: 'ssu', regionId: (r.params as { regionCode: string }).regionCode }) },
  ];
  for (const g of guideRoutes) {
    app.get(
      `${g.prefix}/evaluation-guide`,
      { config: { action: g.read, resource: g.resource }, schema: { tags, summary: 'Egne spørgsmål til evalueringsguiden (seneste version); for en klynge også den samlede guide', params: g.params, response: { 200: z.object({ layer: guideLayerSchema, composed: guideSnapshotSchema.nullable() }) } } },
      async (request) => {
        const scope = g.scopeOf(request);
        const layer = await currentLayer(db, scope);
        return sent({ layer, composed: scope.kind === 'cluster' ? await composedGuideFor(db, scope.clusterId) : null });
      },
    );
    app.put(
      `${g.prefix}/evaluation-guide`,
      {
        config: { action: g.edit, resource: g.resource },
        schema: { tags, summary: 'Gem en ny version af de egne spørgsmål (hele listen)', params: g.params, body: z.object({ version: versionField, questions: z.array(questionSchema).max(100), standardRequired: standardRequiredSchema }), response: { 200: z.object({ layer: guideLayerSchema }) } },
      },
      async (request) => ({
        layer: sent(await reviseGuideLayer(
          db,
          actorOf(request),
          g.scopeOf(request),
          request.body.version,
          request.body.questions.map(({ choices, allowOther, specifies, ...q }) => ({
            ...q,
            ...(choices !== undefined ? { choices } : {}),
            ...(allowOther !== undefined ? { allowOther } : {}),
            ...(specifies !== undefined ? { specifies } : {}),
          })),
          request.body.standardRequired,
        )),
      }),
    );
  }

  // A cluster's evaluations.
  const withEvaluation = clusterParams.extend({ evaluationId: uuidParam });
  const clusterScope = (r: FastifyRequest): EvaluationScope => ({ kind: 'cluster', clusterId: (r.params as { clusterId: string }).clusterId });

  app.get(
    '/api/clusters/:clusterId/follow-up/initiatives',
    { config: { action: 'cluster:read', resource: cluster }, schema: { tags, summary: 'Klyngens indsatser (til evaluering og beslutninger)', params: clusterParams, response: { 200: z.object({ initiatives: z.array(initiativeSummarySchema) }) } } },
    async (request) => ({ initiatives: await Promise.all((await listInitiatives(db, { clusterId: request.params.clusterId })).map((s) => initiativeSummary(db, s.id))) }),
  );

  app.get(
    '/api/clusters/:clusterId/evaluations',
    { config: { action: 'cluster:read', resource: cluster }, schema: { tags, summary: 'Klyngens evalueringer', params: clusterParams, response: { 200: z.object({ evaluations: z.array(evaluationSummarySchema) }) } } },
    async (request) => ({ evaluations: await listEvaluations(db, clusterScope(request)) }),
  );

  app.post(
    '/api/clusters/:clusterId/evaluations',
    { config: { action: 'followup:edit', resource: cluster }, schema: { tags, summary: 'Start en evaluering af en af klyngens indsatser (efter guiden, som den er nu)', params: clusterParams, body: z.object({ initiativeId: z.string().min(1).max(100) }), response: { 201: evaluationViewSchema } } },
    async (request, reply) => reply.code(201).send(sent(await startEvaluation(db, actorOf(request), request.params.clusterId, request.body.initiativeId))),
  );

  app.get(
    '/api/clusters/:clusterId/evaluations/:evaluationId',
    { config: { action: 'cluster:read', resource: cluster }, schema: { tags, summary: 'En evaluering', params: withEvaluation, response: { 200: evaluationViewSchema } } },
    async (request) => sent(await getEvaluation(db, clusterScope(request), request.params.evaluationId)),
  );

  app.post(
    '/api/clusters/:clusterId/evaluations/:evaluationId/commands',
    {
      config: { action: 'followup:edit', resource: cluster },
      schema: {
        tags,
        summary: 'Klyngens ændring af en evalueringskladde: måleplan, resultat, svar, konklusion, indsend (låser)',
        params: withEvaluation,
        body: z.object({ version: versionField, command: clusterCommandSchema }),
        response: { 200: evaluationViewSchema },
      },
    },
    async (request) => sent(await applyClusterCommand(db, actorOf(request), request.params.clusterId, request.params.evaluationId, request.body.version, clusterCommand(request.body.command))),
  );

  app.post(
    '/api/clusters/:clusterId/evaluations/:evaluationId/attachments',
    {
      config: { action: 'followup:edit', resource: cluster },
      schema: { tags, summary: 'Vedhæft en fil til evalueringen (multipart, feltet file; højst 10 MB)', params: withEvaluation, querystring: z.object({ version: z.coerce.number().int().min(0) }), response: { 201: evaluationViewSchema } },
    },
    async (request, reply) => {
      const upload = await readUpload(request);
      return reply.code(201).send(sent(await addEvaluationAttachment(db, actorOf(request), request.params.clusterId, request.params.evaluationId, request.query.version, upload)));
    },
  );

  app.get(
    '/api/clusters/:clusterId/evaluations/:evaluationId/attachments/:attachmentId',
    { config: { action: 'cluster:read', resource: cluster }, schema: { tags, summary: 'Hent et bilag', params: withEvaluation.extend({ attachmentId: uuidParam }), response: { 200: fileResponse('Bilaget, med den medietype det blev lagt op med', 'any') } } },
    async (request, reply) => {
      await requireEvaluation(db, clusterScope(request), request.params.evaluationId);
      return sendFile(reply, await readAttachment(db, { kind: 'evaluation', id: request.params.evaluationId }, request.params.attachmentId));
    },
  );

  // The SSU's view of the region's evaluations (from submission on).
  const regionWithEvaluation = regionParams.extend({ evaluationId: uuidParam });
  const ssuScope = (r: FastifyRequest): EvaluationScope => ({ kind: 'ssu', regionCode: (r.params as { regionCode: string }).regionCode });

  app.get(
    '/api/regions/:regionCode/evaluations',
    { config: { action: 'region:read', resource: region }, schema: { tags, summary: 'Evalueringer indsendt til regionens sundhedssamarbejdsudvalg', params: regionParams, response: { 200: z.object({ evaluations: z.array(evaluationSummarySchema) }) } } },
    async (request) => ({ evaluations: await listEvaluations(db, ssuScope(request)) }),
  );

  app.get(
    '/api/regions/:regionCode/evaluations/:evaluationId',
    { config: { action: 'region:read', resource: region }, schema: { tags, summary: 'En indsendt evaluering', params: regionWithEvaluation, response: { 200: evaluationViewSchema } } },
    async (request) => sent(await getEvaluation(db, ssuScope(request), request.params.evaluationId)),
  );

  app.post(
    '/api/regions/:regionCode/evaluations/:evaluationId/commands',
    {
      config: { action: 'ssu:edit', resource: region },
      schema: { tags, summary: 'Sundhedssamarbejdsudvalgets drøftelse (møde) og beslutning om udbredelse', params: regionWithEvaluation, body: z.object({ version: versionField, command: ssuCommandSchema }), response: { 200: evaluationViewSchema } },
    },
    async (request) => sent(await applySsuCommand(db, actorOf(request), request.params.regionCode, request.params.evaluationId, request.body.version, ssuCommand(request.body.command))),
  );

  // History entered afterwards (e.g. 2022's SSU meetings): an administrator records a past
  // discussion or decision with its real date; marked "efterregistreret" and audited as such.
  app.post(
    '/api/regions/:regionCode/evaluations/:evaluationId/history',
    {
      config: { action: 'history:enter', resource: region },
      schema: { tags, summary: 'Efterregistrér en tidligere drøftelse eller beslutning med dens rigtige dato (kun administratorer)', params: regionWithEvaluation, body: z.object({ version: versionField, command: ssuCommandSchema }), response: { 200: evaluationViewSchema } },
    },
    async (request) => sent(await applySsuCommand(db, actorOf(request), request.params.regionCode, request.params.evaluationId, request.body.version, ssuCommand(request.body.command), true)),
  );

  app.get(
    '/api/regions/:regionCode/evaluations/:evaluationId/attachments/:attachmentId',
    { config: { action: 'region:read', resource: region }, schema: { tags, summary: 'Hent et bilag', params: regionWithEvaluation.extend({ attachmentId: uuidParam }), response: { 200: fileResponse('Bilaget, med den medietype det blev lagt op med', 'any') } } },
    async (request, reply) => {
      await requireEvaluation(db, ssuScope(request), request.params.evaluationId);
      return sendFile(reply, await readAttachment(db, { kind: 'evaluation', id: request.params.evaluationId }, request.params.attachmentId));
    },
  );

  // Spreading.
  app.get(
    '/api/clusters/:clusterId/adoptable',
    { config: { action: 'cluster:read', resource: cluster }, schema: { tags, summary: 'Indsatser, som sundhedssamarbejdsudvalget har anbefalet udbredt til klyngen', params: clusterParams, response: { 200: z.object({ adoptable: z.array(adoptableSchema) }) } } },
    async (request) => sent({ adoptable: await listAdoptable(db, request.params.clusterId) }),
  );

  app.post(
    '/api/clusters/:clusterId/adoptions',
    {
      config: { action: 'followup:edit', resource: cluster },
      schema: {
        tags,
        summary: 'Overtag en anbefalet indsats: en ny foreslået indsats i klyngen med den oprindeliges prognose som udgangspunkt',
        params: clusterParams,
        body: z.object({ evaluationId: uuidParam, title: z.string().max(300).optional(), executingParty: z.string().regex(/^\d{3,4}$/), startPeriod: z.string().regex(/^\d{4}-\d{2}$/) }),
        response: { 201: z.object({ initiativeId: z.string() }) },
      },
    },
    async (request, reply) => reply.code(201).send(await adoptRecommended(db, actorOf(request), request.params.clusterId, request.body)),
  );

  // An initiative's follow-up: decisions that made it, lineage both ways, evaluations.
  app.get(
    '/api/follow-up/initiatives/:initiativeId',
    { config: { action: 'cluster:read', resource: initiativeResource }, schema: { tags, summary: 'Indsatsens opfølgning: beslutninger, udbredelse (begge veje) og evalueringer', params: z.object({ initiativeId: z.string().min(1).max(100) }), response: { 200: initiativeFollowUpSchema } } },
    async (request) => {
      const id = request.params.initiativeId;
      const initiative = await initiativeSummary(db, id);
      const evaluations = (await listEvaluations(db, { kind: 'cluster', clusterId: initiative.clusterId })).filter((e) => e.initiativeId === id);
      const names = await db.selectFrom('clusters').innerJoin('regions', 'regions.code', 'clusters.region_code').select(['clusters.name', 'regions.name as region']).where('clusters.id', '=', initiative.clusterId).executeTakeFirst();
      return sent({
        initiative,
        clusterName: names ? `${names.name} (${names.region})` : initiative.clusterId,
        decisions: await decisionsFor(db, 'initiative-approval', id),
        lineage: await lineageFor(db, id),
        evaluations,
      });
    },
  );

  // The knowledge catalogue: filtered by who may see what (the domain's rule).
  app.get(
    '/api/catalogue',
    {
      config: { action: 'reference:read' },
      schema: {
        tags,
        summary: 'Vidensbanken: indsatser og evalueringer på tværs af klynger (det, du må se)',
        querystring: z.object({
          q: z.string().max(200).optional(),
          targetGroup: csv(500),
          region: csv(100),
          cluster: csv(1000),
          status: csv(200),
          recommendation: csv(200),
          year: z.coerce.number().int().min(2000).max(2100).optional(),
        }),
        response: { 200: catalogueSchema },
      },
    },
    async (request) => {
      const user = request.principal;
      if (!user) throw new DomainError('auth.required', 'Du skal være logget ind.');
      const q = request.query;
      const entries = await searchCatalogueFor(db, user, {
        ...(q.q !== undefined ? { text: q.q } : {}),
        ...(q.targetGroup ? { targetGroups: q.targetGroup } : {}),
        ...(q.region ? { regionIds: q.region } : {}),
        ...(q.cluster ? { clusterIds: q.cluster } : {}),
        ...(q.status ? { statuses: q.status as never } : {}),
        ...(q.recommendation ? { recommendations: q.recommendation as never } : {}),
        ...(q.year !== undefined ? { year: q.year } : {}),
      });
      const clusters = await db.selectFrom('clusters').innerJoin('regions', 'regions.code', 'clusters.region_code').select(['clusters.id', 'clusters.name', 'clusters.region_code', 'regions.name as region']).orderBy('clusters.position').execute();
      return sent({ entries, clusters: clusters.map((c) => ({ id: c.id, name: c.name, regionCode: c.region_code, regionName: c.region })) });
    },
  );
}
