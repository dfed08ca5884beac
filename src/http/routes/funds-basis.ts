import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from '../../core/errors.ts';
import { fundsBasisView } from '../../app/economy/index.ts';
import { recordFundsBasis, setMembershipValidity } from '../../app/economy/index.ts';
import { clusterFacts } from '../../app/register/index.ts';
import type { Resource } from '../../infra/auth/policy.ts';
import type { App } from '../app.ts';
import { actorOf } from './context.ts';
import type { ApiContext } from './context.ts';
import { yearParam } from './schemas.ts';
import { sentAs } from './responses/common.ts';
import { fundsBasisViewSchema } from './responses/economy.ts';

const clusterIdParam = z.string().regex(/^[a-z0-9-]+$/);
const midYearRule = z.enum(['months', 'whole-year']).default('months');
const decisionReference = z.string().max(300);
const version = z.number().int().min(0);

/** A decision on the cluster-year's funds basis: agreed shares, adopt Tabel 1, or back to the default. */
const fundsBasisBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('agreed-shares'), version, midYearRule, decisionReference, shares: z.array(z.object({ party: z.string().regex(/^\d{3,4}$/), basis: z.string().trim().min(1).max(40) })).min(1).max(200) }),
  z.object({ kind: z.literal('published'), version, midYearRule, decisionReference }),
  z.object({ kind: z.literal('default'), version, midYearRule, decisionReference }),
]);

/**
 * The basis of a cluster-year's funds per party (issue 9, deliverable 5): read by the cluster's
 * readers, decided by its secretariat (and administrators) — agreed shares, the published Tabel 1
 * amounts, or the computed/provisional default — and the months a membership is valid.
 */
export function fundsBasisRoutes(app: App, ctx: ApiContext): void {
  const db = ctx.database.kysely;
  const byClusterParam = async (request: FastifyRequest): Promise<Resource> => {
    const facts = await clusterFacts(db, (request.params as { clusterId: string }).clusterId, null);
    if (!facts) throw new NotFoundError('cluster.not-found', 'Klyngen findes ikke.');
    return { kind: 'cluster', ...facts };
  };

  app.get(
    '/api/clusters/:clusterId/economy/:year/funds-basis',
    {
      config: { action: 'cluster:read', resource: byClusterParam },
      schema: { tags: ['economy'], summary: 'Grundlaget for klyngens midler pr. part (beregnet, foreløbig, aftalt eller Tabel 1) med forklaring og afvigelse', params: z.object({ clusterId: clusterIdParam, year: yearParam }), response: { 200: fundsBasisViewSchema } },
    },
    async (request) => sentAs(fundsBasisViewSchema, await fundsBasisView(db, request.params.clusterId, request.params.year)),
  );

  app.put(
    '/api/clusters/:clusterId/economy/:year/funds-basis',
    {
      config: { action: 'economy:edit', resource: byClusterParam },
      schema: { tags: ['economy'], summary: 'Beslut grundlaget for årets midler: aftalte andele, Tabel 1 eller standard (version; 409 ved forældet)', params: z.object({ clusterId: clusterIdParam, year: yearParam }), body: fundsBasisBody, response: { 200: fundsBasisViewSchema } },
    },
    async (request) => sentAs(fundsBasisViewSchema, await recordFundsBasis(db, actorOf(request), request.params.clusterId, request.params.year, request.body)),
  );

  app.put(
    '/api/clusters/:clusterId/economy/:year/memberships/:municipalityCode/validity',
    {
      config: { action: 'economy:edit', resource: byClusterParam },
      schema: {
        tags: ['economy'],
        summary: 'Sæt de måneder, en kommune er medlem i året (ind- eller udtræden i årets løb)',
        params: z.object({ clusterId: clusterIdParam, year: yearParam, municipalityCode: z.string().regex(/^\d{3}$/) }),
        body: z.object({ version: z.number().int().min(1), fromMonth: z.number().int().min(1).max(12), toMonth: z.number().int().min(1).max(12), decisionReference }),
        response: { 200: fundsBasisViewSchema },
      },
    },
    async (request) => sentAs(fundsBasisViewSchema, await setMembershipValidity(db, actorOf(request), request.params.clusterId, request.params.year, request.params.municipalityCode, request.body)),
  );
}
