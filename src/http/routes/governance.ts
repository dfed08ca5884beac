import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AGENDA_TEMPLATES } from '../../core/governance/meetings.ts';
import { readAttachment } from '../../app/attachments/index.ts';
import {
  addAgendaItemTo,
  addMeetingAttachmentTo,
  approveMinutesFor,
  cancelMeetingFor,
  createMeeting,
  getMeeting,
  listMeetings,
  writeMinutesFor,
  type MeetingScope,
} from '../../app/governance/index.ts';
import { getClusterGovernance, getSsu, saveClusterGovernance, saveSsu } from '../../app/governance/index.ts';
import type { Action } from '../../infra/auth/policy.ts';
import type { App } from '../app.ts';
import { actorOf } from './context.ts';
import { clusterIdParam, clusterResource, isoDateField, memberSchema, readUpload, regionCodeParam, regionResource, sendFile, uuidParam, versionField } from './follow-up-schemas.ts';
import type { ApiContext } from './context.ts';
import { yearParam } from './schemas.ts';
import { downloadResponse } from './responses/common.ts';
import { clusterGovernanceSchema, meetingListSchema, meetingSchema, meetingTemplatesSchema, ssuSchema } from './responses/governance.ts';

const decisionSchema = z.object({
  id: z.string().min(1).max(100).optional(),
  agendaItemId: z.string().min(1).max(100).optional(),
  text: z.string().max(5000),
  links: z.array(z.object({ kind: z.enum(['initiative-approval', 'extra-local-funds', 'carry-forward', 'ssu-recommendation']), recordId: z.string().min(1).max(100) })).max(20),
});

/** Governance register, SSU and meetings of clusters and SSUs (issue 5). */
export function governanceRoutes(app: App, ctx: ApiContext): void {
  const db = ctx.database.kysely;
  const cluster = clusterResource(db);
  const region = regionResource(db);

  app.get(
    '/api/meeting-templates',
    { config: { action: 'reference:read' }, schema: { tags: ['governance'], summary: 'Typiske dagsordenspunkter (KL’s håndbog §16)', response: { 200: meetingTemplatesSchema } } },
    () => ({ templates: AGENDA_TEMPLATES }),
  );

  app.get(
    '/api/clusters/:clusterId/years/:year/governance',
    {
      config: { action: 'cluster:read', resource: cluster },
      schema: { tags: ['governance'], summary: 'Klyngens organisering for et år med advarsler om sammensætning og mødekadence', params: z.object({ clusterId: clusterIdParam, year: yearParam }), response: { 200: clusterGovernanceSchema } },
    },
    async (request) => getClusterGovernance(db, request.params.clusterId, request.params.year),
  );

  app.put(
    '/api/clusters/:clusterId/years/:year/governance',
    {
      config: { action: 'followup:edit', resource: cluster },
      schema: {
        tags: ['governance'],
        summary: 'Gem klyngens organisering (hele registret; version skal være den gemte, 0 for nyt)',
        params: z.object({ clusterId: clusterIdParam, year: yearParam }),
        body: z.object({
          version: versionField,
          politicalLevel: z.array(memberSchema).max(200),
          professionalLevel: z.array(memberSchema).max(200),
          regionChairMemberId: z.string().max(100).nullable(),
          mayorMemberId: z.string().max(100).nullable(),
          secretariatMunicipalityId: z.string().regex(/^\d{3}$/).nullable(),
        }),
        response: { 200: clusterGovernanceSchema },
      },
    },
    async (request) => saveClusterGovernance(db, actorOf(request), request.params.clusterId, request.params.year, request.body),
  );

  app.get(
    '/api/regions/:regionCode/years/:year/ssu',
    {
      config: { action: 'region:read', resource: region },
      schema: { tags: ['governance'], summary: 'Sundhedssamarbejdsudvalgets sammensætning, advarsler og mødekadence', params: z.object({ regionCode: regionCodeParam, year: yearParam }), response: { 200: ssuSchema } },
    },
    async (request) => getSsu(db, request.params.regionCode, request.params.year),
  );

  app.put(
    '/api/regions/:regionCode/years/:year/ssu',
    {
      config: { action: 'ssu:edit', resource: region },
      schema: {
        tags: ['governance'],
        summary: 'Gem sundhedssamarbejdsudvalgets sammensætning',
        params: z.object({ regionCode: regionCodeParam, year: yearParam }),
        body: z.object({ version: versionField, members: z.array(memberSchema).max(200), chairMemberId: z.string().max(100).nullable(), viceChairMemberId: z.string().max(100).nullable() }),
        response: { 200: ssuSchema },
      },
    },
    async (request) => saveSsu(db, actorOf(request), request.params.regionCode, request.params.year, request.body),
  );

  // Meetings: the same routes for a cluster (both levels) and for a region's SSU.
  const scopes: { prefix: string; params: z.ZodObject; read: Action; edit: Action; resource: typeof cluster; scopeOf: (request: FastifyRequest) => MeetingScope }[] = [
    {
      prefix: '/api/clusters/:clusterId',
      params: z.object({ clusterId: clusterIdParam }),
      read: 'cluster:read',
      edit: 'followup:edit',
      resource: cluster,
      scopeOf: (request) => ({ kind: 'cluster', clusterId: (request.params as { clusterId: string }).clusterId }),
    },
    {
      prefix: '/api/regions/:regionCode',
      params: z.object({ regionCode: regionCodeParam }),
      read: 'region:read',
      edit: 'ssu:edit',
      resource: region,
      scopeOf: (request) => ({ kind: 'ssu', regionCode: (request.params as { regionCode: string }).regionCode }),
    },
  ];
  for (const s of scopes) {
    const withMeeting = s.params.extend({ meetingId: uuidParam });
    const tags = ['meetings'];

    app.get(
      `${s.prefix}/meetings`,
      { config: { action: s.read, resource: s.resource }, schema: { tags, summary: 'Møder (nyeste sidst)', params: s.params, querystring: z.object({ year: yearParam.optional() }), response: { 200: meetingListSchema } } },
      async (request) => ({ meetings: await listMeetings(db, s.scopeOf(request), request.query.year) }),
    );

    app.post(
      `${s.prefix}/meetings`,
      {
        config: { action: s.edit, resource: s.resource },
        schema: {
          tags,
          summary: 'Planlæg et møde (for en klynge: politisk eller fagligt/strategisk niveau)',
          params: s.params,
          body: z.object({ level: z.enum(['political', 'professional']).optional(), date: isoDateField, title: z.string().max(300) }),
          response: { 201: meetingSchema },
        },
      },
      async (request, reply) => reply.code(201).send(await createMeeting(db, actorOf(request), s.scopeOf(request), request.body)),
    );

    app.get(
      `${s.prefix}/meetings/:meetingId`,
      { config: { action: s.read, resource: s.resource }, schema: { tags, summary: 'Et møde med dagsorden, bilag, referatversioner og beslutninger', params: withMeeting, response: { 200: meetingSchema } } },
      async (request) => getMeeting(db, s.scopeOf(request), (request.params as { meetingId: string }).meetingId),
    );

    app.post(
      `${s.prefix}/meetings/:meetingId/agenda`,
      {
        config: { action: s.edit, resource: s.resource },
        schema: {
          tags,
          summary: 'Tilføj et dagsordenspunkt (fra skabelon eller frit)',
          params: withMeeting,
          body: z.object({ version: versionField, templateKey: z.string().max(100).optional(), title: z.string().max(300).optional(), description: z.string().max(5000).optional() }),
          response: { 200: meetingSchema },
        },
      },
      async (request) => {
        const { version, ...item } = request.body;
        return addAgendaItemTo(db, actorOf(request), s.scopeOf(request), (request.params as { meetingId: string }).meetingId, version, item);
      },
    );

    app.put(
      `${s.prefix}/meetings/:meetingId/minutes`,
      {
        config: { action: s.edit, resource: s.resource },
        schema: {
          tags,
          summary: 'Skriv referatet (retter kladden eller starter en ny version efter et godkendt referat)',
          params: withMeeting,
          body: z.object({ version: versionField, text: z.string().max(100_000), decisions: z.array(decisionSchema).max(100) }),
          response: { 200: meetingSchema },
        },
      },
      async (request) => {
        const { version, ...content } = request.body;
        return writeMinutesFor(db, actorOf(request), s.scopeOf(request), (request.params as { meetingId: string }).meetingId, version, content);
      },
    );

    app.post(
      `${s.prefix}/meetings/:meetingId/minutes/approve`,
      { config: { action: s.edit, resource: s.resource }, schema: { tags, summary: 'Godkend referatkladden (versionen fryses)', params: withMeeting, body: z.object({ version: versionField }), response: { 200: meetingSchema } } },
      async (request) => approveMinutesFor(db, actorOf(request), s.scopeOf(request), (request.params as { meetingId: string }).meetingId, request.body.version),
    );

    app.post(
      `${s.prefix}/meetings/:meetingId/cancel`,
      { config: { action: s.edit, resource: s.resource }, schema: { tags, summary: 'Aflys mødet', params: withMeeting, body: z.object({ version: versionField }), response: { 200: meetingSchema } } },
      async (request) => cancelMeetingFor(db, actorOf(request), s.scopeOf(request), (request.params as { meetingId: string }).meetingId, request.body.version),
    );

    app.post(
      `${s.prefix}/meetings/:meetingId/attachments`,
      {
        config: { action: s.edit, resource: s.resource },
        schema: { tags, summary: 'Vedhæft en fil (multipart, feltet file; PDF, Word, Excel, billeder …; højst 10 MB)', params: withMeeting, querystring: z.object({ agendaItemId: z.string().max(100).optional() }), response: { 201: meetingSchema } },
      },
      async (request, reply) => {
        const upload = await readUpload(request);
        const view = await addMeetingAttachmentTo(db, actorOf(request), s.scopeOf(request), (request.params as { meetingId: string }).meetingId, upload, request.query.agendaItemId ?? null);
        return reply.code(201).send(view);
      },
    );

    app.get(
      `${s.prefix}/meetings/:meetingId/attachments/:attachmentId`,
      { config: { action: s.read, resource: s.resource }, schema: { tags, summary: 'Hent et bilag', params: withMeeting.extend({ attachmentId: uuidParam }), response: { 200: downloadResponse('Bilaget med dets egen medietype', '*/*') } } },
      async (request, reply) => {
        const { meetingId, attachmentId } = request.params as { meetingId: string; attachmentId: string };
        await getMeeting(db, s.scopeOf(request), meetingId);
        return sendFile(reply, await readAttachment(db, { kind: 'meeting', id: meetingId }, attachmentId));
      },
    );
  }
}
