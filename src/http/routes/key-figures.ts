import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { InvalidFileError, NotFoundError } from '../../core/errors.ts';
import { PERIOD_PATTERN } from '../../core/key-figures/file.ts';
import { clusterKeyFigures, confirmKeyFigureImport, listIndicators, nationalKeyFigures, previewKeyFigureImport, saveIndicator, setTarget, THEMES } from '../../app/key-figures/index.ts';
import { previewPopulationImport } from '../../app/population/index.ts';
import { fetchFolk1a, statbankUrl } from '../../app/population/index.ts';
import { clusterFacts } from '../../app/register/index.ts';
import type { Resource } from '../../infra/auth/policy.ts';
import type { App } from '../app.ts';
import { actorOf } from './context.ts';
import type { ApiContext } from './context.ts';
import { sent } from './responses/common.ts';
import { clusterKeyFiguresSchema, indicatorSchema, indicatorsSchema, keyFigureImportPreviewSchema, nationalKeyFiguresSchema } from './responses/key-figures.ts';
import { importPreviewSchema } from './responses/population.ts';

const clusterIdParam = z.string().regex(/^[a-z0-9-]+$/);
const indicatorId = z.string().regex(/^[a-z0-9-]+$/).max(80);
const periodField = z.string().regex(PERIOD_PATTERN, 'skriv perioden som 2022, 2022K1 eller 2022M01');

/** Key figures (issue 14): catalogue, import, national and cluster views, targets; and FOLK1A straight from StatBank. */
export function keyFigureRoutes(app: App, ctx: ApiContext): void {
  const db = ctx.database.kysely;
  /** The cluster of a `/api/clusters/:clusterId/key-figures…` route (membership of any year); unknown is 404. */
  const clusterResource = async (request: FastifyRequest): Promise<Resource> => {
    const { clusterId } = request.params as { clusterId: string };
    const facts = await clusterFacts(db, clusterId, null);
    if (!facts) throw new NotFoundError('cluster.not-found', `Klyngen "${clusterId}" findes ikke.`);
    return { kind: 'cluster', ...facts };
  };

  app.get(
    '/api/key-figures/indicators',
    { config: { action: 'reference:read' }, schema: { tags: ['key-figures'], summary: 'Nøgletalskataloget: navn, tema, enhed, definition, kilde, retning og perioder med tal', response: { 200: indicatorsSchema } } },
    async () => sent({ themes: THEMES, indicators: await listIndicators(db) }),
  );

  app.put(
    '/api/key-figures/indicators/:indicatorId',
    {
      config: { action: 'population:import' },
      schema: {
        tags: ['key-figures'],
        summary: 'Opret eller ret et nøgletal i kataloget (art og "pr." kan ikke ændres, når der er tal)',
        params: z.object({ indicatorId }),
        body: z.object({
          name: z.string().trim().min(1).max(200),
          theme: z.enum(['population', 'vulnerable-elderly', 'chronic', 'psychiatry']),
          kind: z.enum(['count', 'rate']),
          per: z.union([z.literal(1), z.literal(100), z.literal(1000), z.literal(100000)]),
          unit: z.string().trim().min(1).max(200),
          definition: z.string().trim().min(1).max(2000),
          source: z.string().trim().min(1).max(500),
          direction: z.enum(['higher-better', 'lower-better', 'neutral']),
        }),
        response: { 200: indicatorSchema.extend({ periods: z.array(z.string()) }) },
      },
    },
    async (request) => saveIndicator(db, actorOf(request), request.params.indicatorId, request.body),
  );

  app.post(
    '/api/key-figures/imports',
    {
      config: { action: 'population:import' },
      schema: {
        tags: ['key-figures'],
        summary: 'Læs en nøgletalsfil (nøgletal;område;periode;tæller;nævner) og se den før bekræftelse — alt eller intet',
        querystring: z.object({ filename: z.string().max(200).optional() }),
        response: { 201: keyFigureImportPreviewSchema },
      },
    },
    async (request, reply) => {
      const body = request.body;
      if (typeof body !== 'string' || body.trim() === '') {
        throw new InvalidFileError('import.key-figures', 'Filen er tom. Send nøgletalsfilen som text/csv.', { errors: [{ line: 0, message: 'Filen er tom.' }] });
      }
      return reply.code(201).send(await previewKeyFigureImport(db, actorOf(request), body, request.query.filename ?? null));
    },
  );

  app.post(
    '/api/key-figures/imports/:importId/confirm',
    { config: { action: 'population:import' }, schema: { tags: ['key-figures'], summary: 'Bekræft en indlæsning af nøgletal', params: z.object({ importId: z.string().uuid() }), response: { 200: z.object({ rows: z.number().int() }) } } },
    async (request) => confirmKeyFigureImport(db, actorOf(request), request.params.importId),
  );

  app.get(
    '/api/key-figures/national',
    {
      config: { action: 'keyfigures:national' },
      schema: {
        tags: ['key-figures'],
        summary: 'Et nøgletal for alle regioner og klynger i én periode (tal under 5 personer vises som <5)',
        querystring: z.object({ indicator: indicatorId, period: periodField.optional() }),
        response: { 200: nationalKeyFiguresSchema },
      },
    },
    async (request) => sent(await nationalKeyFigures(db, request.query.indicator, request.query.period)),
  );

  app.get(
    '/api/clusters/:clusterId/key-figures',
    {
      config: { action: 'cluster:read', resource: clusterResource },
      schema: {
        tags: ['key-figures'],
        summary: 'Klyngens tidsserie for et nøgletal mod regionen og hele landet, med klyngens mål',
        params: z.object({ clusterId: clusterIdParam }),
        querystring: z.object({ indicator: indicatorId }),
        response: { 200: clusterKeyFiguresSchema },
      },
    },
    async (request) => sent(await clusterKeyFigures(db, request.params.clusterId, request.query.indicator)),
  );

  app.put(
    '/api/clusters/:clusterId/key-figures/:indicatorId/target',
    {
      config: { action: 'followup:edit', resource: clusterResource },
      schema: {
        tags: ['key-figures'],
        summary: 'Sæt klyngens mål for et nøgletal (version = den gemte, null for et nyt mål; ellers 409)',
        params: z.object({ clusterId: clusterIdParam, indicatorId }),
        body: z.object({ value: z.string().trim().min(1).max(40), period: periodField, note: z.string().max(500).default(''), version: z.number().int().min(1).nullable() }),
        response: { 200: clusterKeyFiguresSchema },
      },
    },
    async (request) => sent(await setTarget(db, actorOf(request), request.params.clusterId, request.params.indicatorId, request.body)),
  );

  app.post(
    '/api/population/statbank',
    {
      config: { action: 'population:import' },
      schema: {
        tags: ['population'],
        summary: 'Hent FOLK1A for et kvartal direkte fra Danmarks Statistiks Statistikbank og se ændringerne før bekræftelse',
        body: z.object({ period: z.string().regex(/^\d{4}K[1-4]$/, 'skriv kvartalet som 2022K1') }),
        response: { 201: importPreviewSchema },
      },
    },
    async (request, reply) => {
      const text = await fetchFolk1a(request.body.period, { baseUrl: statbankUrl() });
      const preview = await previewPopulationImport(db, actorOf(request), text, `Statistikbanken FOLK1A ${request.body.period}`);
      if (preview.period !== request.body.period) {
        throw new InvalidFileError('import.statbank', `Statistikbanken svarede med ${preview.period}, men ${request.body.period} blev bedt om. Intet er indlæst.`);
      }
      return reply.code(201).send(preview);
    },
  );
}
