import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from '../../core/errors.ts';
import { clusterYearOverview, comparisonOverview, defaultYear, startOverview } from '../../app/overview/index.ts';
import { clusterFacts } from '../../app/register/index.ts';
import type { Resource } from '../../infra/auth/policy.ts';
import type { User } from '../../infra/auth/store.ts';
import type { App } from '../app.ts';
import { clusterIdParam, regionCodeParam, regionResource } from './follow-up-schemas.ts';
import type { ApiContext } from './context.ts';
import { yearParam } from './schemas.ts';
import { now } from '../../infra/clock.ts';

const ore = z.number().int();
const countBy = z.array(z.object({ key: z.string(), label: z.string(), count: z.number().int().min(0) }));
/** A decimal as text with a dot (exact, rounded once on the server), e.g. "13.80". */
const decimalText = z.string().regex(/^-?\d+(\.\d+)?$/);

const partyYear = z.object({
  party: z.string(),
  name: z.string(),
  kind: z.enum(['municipality', 'region']),
  allocatedOre: ore,
  extraOre: ore,
  availableOre: ore,
  approvedOre: ore,
  spentOre: ore,
  settledOre: ore,
  carriedForwardOre: ore.nullable(),
  lapsedOre: ore.nullable(),
});

export const clusterYearOverviewSchema = z.object({
  clusterId: z.string(),
  cluster: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  year: z.number().int(),
  years: z.array(z.number().int()),
  allocated: z.boolean(),
  closed: z.boolean(),
  parties: z.array(partyYear),
  total: partyYear.omit({ party: true, name: true, kind: true }),
  initiativesByStatus: countBy,
  initiativesByTargetGroup: countBy,
});

const comparison = z.object({
  clusterId: z.string(),
  cluster: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  population: z.number().nullable(),
  allocatedOre: ore,
  availableOre: ore,
  approvedOre: ore,
  spentOre: ore,
  perInhabitantKr: decimalText.nullable(),
  spentPercent: decimalText.nullable(),
  initiativesByStatus: countBy,
  initiativesByTargetGroup: countBy,
});

export const comparisonOverviewSchema = z.object({
  scope: z.discriminatedUnion('kind', [z.object({ kind: z.literal('region'), regionCode: z.string(), regionName: z.string() }), z.object({ kind: z.literal('national') })]),
  year: z.number().int(),
  years: z.array(z.number().int()),
  clusters: z.array(comparison),
  total: comparison.omit({ clusterId: true, cluster: true, regionCode: true, regionName: true }),
});

export const startOverviewSchema = z.object({
  year: z.number().int(),
  clusters: z.array(z.object({ clusterId: z.string(), cluster: z.string(), regionCode: z.string(), regionName: z.string(), nextMeeting: z.object({ id: z.string(), date: z.string(), title: z.string() }).nullable() })),
  regions: z.array(z.object({ regionCode: z.string(), regionName: z.string() })),
  national: z.boolean(),
  tasks: z.array(z.object({ kind: z.enum(['approve-initiative', 'evaluation-to-ssu', 'approve-minutes', 'close-year']), clusterId: z.string().nullable(), regionCode: z.string().nullable(), text: z.string(), number: z.number().int().nullable(), date: z.string().nullable(), ref: z.string() })),
});

const yearQuery = z.object({ year: yearParam.optional() });

/** Overviews (issue 12): the start page's clusters and tasks, a cluster-year, a region, the country. Read-only. */
export function overviewRoutes(app: App, ctx: ApiContext): void {
  const db = ctx.database.kysely;
  const region = regionResource(db);
  // Access follows the year: the cluster's members that year decide who reads it.
  const clusterYear = async (request: FastifyRequest): Promise<Resource> => {
    const { clusterId, year } = request.params as { clusterId: string; year: number };
    const facts = await clusterFacts(db, clusterId, year);
    if (!facts) throw new NotFoundError('cluster.not-found', `Klyngen "${clusterId}" findes ikke.`);
    return { kind: 'cluster', ...facts };
  };

  app.get(
    '/api/overview/start',
    {
      config: { action: 'self' },
      schema: { tags: ['overview'], summary: 'Startsiden: brugerens klynger (eller region/land) og det, der venter på dem', querystring: yearQuery, response: { 200: startOverviewSchema } },
    },
    async (request) => startOverview(db, (request.principal as User).roles, now(), request.query.year),
  );

  app.get(
    '/api/clusters/:clusterId/overview/:year',
    {
      config: { action: 'cluster:read', resource: clusterYear },
      schema: { tags: ['overview'], summary: 'Klyngeårets overblik: tildelt, godkendt, forbrugt, afregnet og videreført pr. part; indsatser efter status og målgruppe', params: z.object({ clusterId: clusterIdParam, year: yearParam }), response: { 200: clusterYearOverviewSchema } },
    },
    async (request) => clusterYearOverview(db, request.params.clusterId, request.params.year),
  );

  app.get(
    '/api/regions/:regionCode/overview',
    {
      config: { action: 'region:read', resource: region },
      schema: { tags: ['overview'], summary: 'Regionens klynger sammenlignet: kr. pr. indbygger, andel forbrugt, indsatser', params: z.object({ regionCode: regionCodeParam }), querystring: yearQuery, response: { 200: comparisonOverviewSchema } },
    },
    async (request) => comparisonOverview(db, { kind: 'region', regionCode: request.params.regionCode }, request.query.year ?? (await defaultYear(db))),
  );

  app.get(
    '/api/overview/national',
    {
      config: { action: 'overview:national' },
      schema: { tags: ['overview'], summary: 'Alle klynger sammenlignet: kr. pr. indbygger, andel forbrugt, indsatser efter målgruppe og status', querystring: yearQuery, response: { 200: comparisonOverviewSchema } },
    },
    async (request) => comparisonOverview(db, { kind: 'national' }, request.query.year ?? (await defaultYear(db))),
  );
}
