import { z } from 'zod';
import { POSTING_PURPOSES, PURPOSE_LABEL, type ArtMapping, type PostingPurpose } from '../../core/chart-of-accounts.ts';
import { listPostingCharts, updatePostingChart, type StoredChart } from '../../app/economy/index.ts';
import type { App } from '../app.ts';
import { actorOf } from './context.ts';
import type { ApiContext } from './context.ts';
import { postingChartSchema } from './responses/posting-charts.ts';

const code = (example: string) => z.string().trim().min(1).max(40).regex(/^\d+(\.\d+)*$/, `skriv koden med tal og punktum, fx ${example}`);
const artBody = z.object({ art: code('4.7'), text: z.string().trim().min(1).max(200), note: z.string().max(300).default(''), confirmed: z.boolean() });
const chartBody = z.object({
  version: z.number().int().min(1),
  defaultFunction: code('4.62.88'),
  dranst: z.string().trim().regex(/^\d{1,4}$/, 'skriv dranst som et tal, fx 1'),
  arts: z.object(Object.fromEntries(POSTING_PURPOSES.map((p) => [p, artBody])) as Record<(typeof POSTING_PURPOSES)[number], typeof artBody>),
});

function view(c: StoredChart): z.output<typeof postingChartSchema> {
  return {
    system: c.chart.system,
    name: c.chart.name,
    defaultFunction: c.chart.defaultFunction,
    dranst: c.chart.dranst,
    arts: Object.fromEntries(POSTING_PURPOSES.map((p) => [p, { ...c.chart.arts[p], label: PURPOSE_LABEL[p] }])) as Record<PostingPurpose, ArtMapping & { label: string }>,
    version: c.version,
    updatedBy: c.updatedBy,
    updatedAt: c.updatedAt,
  };
}

/**
 * The charts of accounts for posting files (kontoplaner): which art each kind of posting line gets
 * in the municipal and the regional chart. Everyone with a role reads them (they explain the
 * files); only an administrator changes them.
 */
export function postingChartRoutes(app: App, ctx: ApiContext): void {
  const db = ctx.database.kysely;

  app.get(
    '/api/posting-charts',
    { config: { action: 'reference:read' }, schema: { tags: ['economy'], summary: 'Kontoplanerne til konteringsfiler: art pr. slags konteringslinje (kommunal og regional)', response: { 200: z.object({ charts: z.array(postingChartSchema) }) } } },
    async () => ({ charts: (await listPostingCharts(db)).map(view) }),
  );

  app.put(
    '/api/posting-charts/:system',
    {
      config: { action: 'chart:edit' },
      schema: { tags: ['economy'], summary: 'Ret en kontoplans arter og standardfunktion (kun administrator; versioneret og logget)', params: z.object({ system: z.enum(['kommunal', 'regional']) }), body: chartBody, response: { 200: postingChartSchema } },
    },
    async (request) => view(await updatePostingChart(db, actorOf(request), request.params.system, request.body)),
  );
}
