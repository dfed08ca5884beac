import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../core/errors.ts';
import { ore } from '../../core/money.ts';
import { fromInteger } from '../../core/rational.ts';
import type { Actor } from '../../infra/audit/audit.ts';
import type { Schema } from '../../infra/db/schema.ts';
import { describeEachDatabase } from '../../infra/db/testing.ts';
import { seedDatabase } from '../seed.ts';
import { getInitiative } from './initiatives.ts';
import {
  approve,
  changeInitiativeStatus,
  closeClusterYear,
  correctActual,
  createSettlement,
  economyView,
  getSettlement,
  importActualsCsv,
  proposeInitiative,
  recordActuals,
  recordCommitment,
  reopenClusterYear,
  reverseSettlement,
  updateForecast,
  type ActualInput,
} from './service.ts';

/**
 * The economy services called directly (no HTTP): the funds guard, the actuals ledger, settlement
 * runs, year end — each refusal leaves the database as it was, and each change writes its audit
 * row, old → new, in the same transaction. Each test works in its own cluster or on its own
 * initiatives, so the tests do not depend on each other's order.
 */
const KR = 100;
const ACTOR: Actor = { id: null, name: 'servicetest' };
const DECISION = { date: '2022-02-01', level: 'political' as const, meetingReference: 'Politisk niveau 01.02.2022' };

interface FundsView { funds: { cluster: { available: number; committed: number; spent: number }; parties: { party: string; available: number; spent: number; carriedIn: number }[] }; carriedIn: { party: string; amount: number }[]; state: { status: string }; stateVersion: number | null; actuals: { id: string; amountOre: number; correctsId: string | null; period: string; initiativeId: string }[]; settlements: { id: string; kind: string; inForce: boolean }[] }

const view = async (db: Kysely<Schema>, cluster: string, year = 2022): Promise<FundsView> => (await economyView(db, cluster, year)) as unknown as FundsView;

/** The error a call throws (fails the test when it does not throw a DomainError). */
async function refusal(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a refusal, but the call succeeded');
}

/** Counts of the tables a refusal must leave unchanged. */
interface Counts { audit: number; actuals: number; runs: number; initiatives: number; commitments: number }
async function counts(db: Kysely<Schema>): Promise<Counts> {
  const n = async (t: 'audit_log' | 'actuals' | 'settlement_runs' | 'initiatives' | 'ceiling_commitments'): Promise<number> => Number((await db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return { audit: await n('audit_log'), actuals: await n('actuals'), runs: await n('settlement_runs'), initiatives: await n('initiatives'), commitments: await n('ceiling_commitments') };
}

async function auditOf(db: Kysely<Schema>, entity: string, entityId: string): Promise<{ action: string; actor_name: string; before: unknown; after: unknown }[]> {
  return db.selectFrom('audit_log').select(['action', 'actor_name', 'before', 'after']).where('entity', '=', entity).where('entity_id', '=', entityId).orderBy('id').execute();
}

/** A 2022 initiative carried out by København (101), costing `kr` of common funds; København, Hvidovre and the region pay a third each. */
function proposal(db: Kysely<Schema>, cluster: string, title: string, kr: number, opts: { executing?: string; thirds?: readonly string[] } = {}) {
  const executing = opts.executing ?? '101';
  const thirds = opts.thirds ?? ['101', '167', '1084'];
  return proposeInitiative(db, ACTOR, cluster, {
    title,
    description: `${title} (servicetest)`,
    targetGroup: 'acute',
    startPeriod: '2022-01',
    endPeriod: '2022-12',
    executingParties: [executing],
    agreedShares: { shares: thirds.map((party) => ({ party, basis: fromInteger(1) })), decisionReference: 'Politisk niveau 12.01.2022' },
    forecast: { lines: [{ kind: 'other', id: 'l1', year: 2022, description: 'Udvikling', category: 'development', funding: 'common', party: executing, amount: ore(kr * KR) }] },
  });
}

async function approved(db: Kysely<Schema>, cluster: string, title: string, kr: number) {
  const p = await proposal(db, cluster, title, kr);
  return approve(db, ACTOR, p.id, p.version, DECISION);
}

const line = (initiativeId: string, period: string, kr: number, text = '', party = '101'): ActualInput => ({ initiativeId, party, period, amountOre: kr * KR, category: 'Udvikling', funding: 'Fælles midler', text });

describeEachDatabase('economy services (issue 10: service tests)', (getDb) => {
  const db = (): Kysely<Schema> => getDb().kysely;
  beforeAll(async () => {
    await seedDatabase(db());
  });

  describe('initiatives and the funds guard', () => {
    const CLUSTER = 'hovedstaden-syd';

    it('an approval beyond the funds is refused with the shortfall and writes nothing; one within them is approved and audited old → new', async () => {
      const available = (await view(db(), CLUSTER)).funds.cluster.available;
      expect(available).toBeGreaterThan(0);
      // One øre more than the cluster has: refused.
      const tooBig = await proposeInitiative(db(), ACTOR, CLUSTER, {
        title: 'For dyr',
        description: '',
        targetGroup: 'acute',
        startPeriod: '2022-01',
        endPeriod: '2022-12',
        executingParties: ['101'],
        forecast: { lines: [{ kind: 'other', id: 'l1', year: 2022, description: 'Udvikling', category: 'development', funding: 'common', party: '101', amount: ore(available + 1) }] },
      });
      const before = await counts(db());
      const e = await refusal(approve(db(), ACTOR, tooBig.id, tooBig.version, DECISION));
      expect(e.code).toBe('economy.insufficient-funds');
      expect(e.message).toMatch(/rækker/);
      expect(await counts(db())).toEqual(before);
      const still = await getInitiative(db(), tooBig.id);
      expect(still.initiative.status).toBe('proposed');
      expect(still.initiative.approval).toBeUndefined();
      expect(still.version).toBe(tooBig.version);
      expect((await view(db(), CLUSTER)).funds.cluster.committed).toBe(0);

      const fits = await proposal(db(), CLUSTER, 'Passer i rammen', 300_000);
      const done = await approve(db(), ACTOR, fits.id, fits.version, DECISION);
      expect(done.initiative.status).toBe('approved');
      expect(done.initiative.approval).toEqual(DECISION);
      expect(done.initiative.approvedForecast?.lines).toEqual(fits.initiative.forecast.lines);
      expect(done.version).toBe(fits.version + 1);
      expect((await view(db(), CLUSTER)).funds.cluster.committed).toBe(300_000 * KR);
      const audit = await auditOf(db(), 'initiative', fits.id);
      expect(audit.map((a) => a.action)).toEqual(['initiative.create', 'initiative.approve']);
      expect(audit[1]).toMatchObject({ actor_name: ACTOR.name, before: { status: 'proposed', forecastTotalOre: 300_000 * KR }, after: { status: 'approved', forecastTotalOre: 300_000 * KR } });
    });

    it('a stale version is refused; an unknown party is refused before anything is created', async () => {
      const p = await proposal(db(), CLUSTER, 'Gammel version', 1_000);
      // Someone else edits the forecast; an approval of the version first seen is refused.
      const edited = await updateForecast(db(), ACTOR, p.id, p.version, [{ kind: 'other', id: 'l1', year: 2022, description: 'Udvikling', category: 'development', funding: 'common', party: '101', amount: ore(2_000 * KR) }]);
      const before = await counts(db());
      expect((await refusal(approve(db(), ACTOR, p.id, p.version, DECISION))).code).toBe('conflict.stale');
      expect((await refusal(proposal(db(), CLUSTER, 'Fremmed part', 1_000, { executing: '751' }))).code).toBe('economy.unknown-party');
      expect(await counts(db())).toEqual(before);
      expect(await getInitiative(db(), p.id)).toMatchObject({ version: edited.version, initiative: { status: 'proposed' } });
      // A rejected initiative cannot be approved, whatever the version.
      const rejected = await changeInitiativeStatus(db(), ACTOR, p.id, edited.version, 'rejected');
      expect((await refusal(approve(db(), ACTOR, p.id, rejected.version, DECISION))).code).toBe('initiative.status-transition');
    });

    it('a forecast raised after approval keeps the approved forecast; approving the revision beyond the funds is refused and changes nothing', async () => {
      const a = await approved(db(), CLUSTER, 'Revideres', 100_000);
      const remaining = (await view(db(), CLUSTER)).funds.cluster.available - (await view(db(), CLUSTER)).funds.cluster.committed;
      // The new forecast needs more than the cluster has left (its own 100.000 kr. are already committed).
      const raised = await updateForecast(db(), ACTOR, a.id, a.version, [{ kind: 'other', id: 'l1', year: 2022, description: 'Udvikling', category: 'development', funding: 'common', party: '101', amount: ore(100_000 * KR + remaining + 1) }]);
      expect(raised.initiative.approvedForecast?.lines[0]).toMatchObject({ amount: 100_000 * KR });
      const before = await counts(db());
      expect((await refusal(approve(db(), ACTOR, a.id, raised.version, DECISION))).code).toBe('economy.insufficient-funds');
      expect(await counts(db())).toEqual(before);
      const after = await getInitiative(db(), a.id);
      expect(after.version).toBe(raised.version);
      expect(after.initiative.approvedForecast?.lines[0]).toMatchObject({ amount: 100_000 * KR });
      // Exactly what is left fits.
      const fitting = await updateForecast(db(), ACTOR, a.id, after.version, [{ kind: 'other', id: 'l1', year: 2022, description: 'Udvikling', category: 'development', funding: 'common', party: '101', amount: ore(100_000 * KR + remaining) }]);
      const revised = await approve(db(), ACTOR, a.id, fitting.version, DECISION);
      expect(revised.initiative.approvedForecast?.lines[0]).toMatchObject({ amount: 100_000 * KR + remaining });
      const v = await view(db(), CLUSTER);
      expect(v.funds.cluster.committed).toBe(v.funds.cluster.available);
      // Lowered again and approved: the commitment follows the approved forecast down.
      const lowered = await updateForecast(db(), ACTOR, a.id, revised.version, [{ kind: 'other', id: 'l1', year: 2022, description: 'Udvikling', category: 'development', funding: 'common', party: '101', amount: ore(100_000 * KR) }]);
      await approve(db(), ACTOR, a.id, lowered.version, DECISION);
      expect((await view(db(), CLUSTER)).funds.cluster.committed).toBe(v.funds.cluster.committed - remaining);
    });
  });

  describe('actuals: all-or-nothing, duplicates, corrections', () => {
    const CLUSTER = 'hovedstaden-by';
    let id = '';
    beforeAll(async () => {
      const parties = (await view(db(), CLUSTER)).funds.parties.map((p) => p.party);
      const executing = parties.find((p) => p.length === 3) ?? '';
      const region = parties.find((p) => p.length === 4) ?? '';
      const p = await proposeInitiative(db(), ACTOR, CLUSTER, {
        title: 'Forbrugsindsats',
        description: '',
        targetGroup: 'acute',
        startPeriod: '2022-01',
        endPeriod: '2022-12',
        executingParties: [executing],
        agreedShares: { shares: [{ party: executing, basis: fromInteger(1) }, { party: region, basis: fromInteger(1) }], decisionReference: 'Beslutning' },
        forecast: { lines: [{ kind: 'other', id: 'l1', year: 2022, description: 'Udvikling', category: 'development', funding: 'common', party: executing, amount: ore(500_000 * KR) }] },
      });
      id = (await approve(db(), ACTOR, p.id, p.version, DECISION)).id;
    });
    const party = async (): Promise<string> => (await getInitiative(db(), id)).initiative.executingParties[0] ?? '';

    it('typed lines with one bad line are refused with the line and its reason; nothing is written', async () => {
      const p = await party();
      const before = await counts(db());
      const e = await refusal(recordActuals(db(), ACTOR, CLUSTER, [line(id, '2022-02', 10_000, '', p), line(id, '2022-03', 20_000, '', p), line(id, '2023-03', 5_000, '', p), line(id, '2022-04', 1_000, '', '999')]));
      expect(e.code).toBe('import.actuals');
      const errors = e.details['errors'] as { line: number; message: string }[];
      // Lines 3 and 4 (numbered from 1 as the user typed them) are wrong, for their own reasons.
      expect(errors.map((x) => x.line)).toEqual([3, 4]);
      expect(errors[0]?.message).toMatch(/^Linje 3: .*uden for indsatsens periode/);
      expect(errors[1]?.message).toMatch(/^Linje 4: .*parten "999" er ikke med i klyngen/);
      expect(await counts(db())).toEqual(before);

      expect(await recordActuals(db(), ACTOR, CLUSTER, [line(id, '2022-02', 10_000, '', p), line(id, '2022-03', 20_000, '', p)])).toBe(2);
      const after = await counts(db());
      expect(after.actuals).toBe(before.actuals + 2);
      expect(after.audit).toBe(before.audit + 1);
      const [audit] = await db().selectFrom('audit_log').select(['action', 'after']).where('action', '=', 'economy.actuals').orderBy('id', 'desc').limit(1).execute();
      expect(audit?.after).toMatchObject({ clusterId: CLUSTER, totalOre: 30_000 * KR, lines: [{ period: '2022-02', amountOre: 10_000 * KR }, { period: '2022-03', amountOre: 20_000 * KR }] });
      expect((await view(db(), CLUSTER)).funds.cluster.spent).toBe(30_000 * KR);
    });

    it('a CSV with a bad line imports nothing; the same file again is asked about, and counted twice only when confirmed', async () => {
      const p = await party();
      const bad = `Indsats;Part;Periode;Beløb;Kategori;Finansiering;Tekst\n${id};${p};2022-05;1.000,00;Udvikling;Fælles midler;ok\n${id};${p};2022-05;tusind;Udvikling;Fælles midler;forkert beløb\n`;
      const before = await counts(db());
      const e = await refusal(importActualsCsv(db(), ACTOR, CLUSTER, bad, 'maj.csv'));
      expect(e.code).toBe('import.actuals');
      expect((e.details['errors'] as { line: number }[]).map((x) => x.line)).toEqual([3]);
      expect(await counts(db())).toEqual(before);

      const good = `Indsats;Part;Periode;Beløb;Kategori;Finansiering;Tekst\n${id};${p};2022-05;1.000,00;Udvikling;Fælles midler;Faktura 1\n${id};${p};2022-06;2.500,50;Udvikling;Fælles midler;Faktura 2\n`;
      expect(await importActualsCsv(db(), ACTOR, CLUSTER, good, 'maj.csv')).toBe(2);
      const stored = await db().selectFrom('actuals').select(['amount_ore', 'source', 'file_hash']).where('cluster_id', '=', CLUSTER).where('period', 'in', ['2022-05', '2022-06']).orderBy('period').execute();
      expect(stored.map((s) => [s.amount_ore, s.source])).toEqual([[1_000 * KR, 'csv'], [2_500 * KR + 50, 'csv']]);
      expect(stored[0]?.file_hash).toMatch(/^[0-9a-f]{64}$/);

      const mid = await counts(db());
      // The same file (also with Windows line ends) is the same file.
      expect((await refusal(importActualsCsv(db(), ACTOR, CLUSTER, good.replace(/\n/g, '\r\n'), 'maj-igen.csv'))).code).toBe('conflict.actuals-file-again');
      // Another file with a line already recorded.
      const overlapping = `Indsats;Part;Periode;Beløb;Kategori;Finansiering;Tekst\n${id};${p};2022-05;1.000,00;Udvikling;Fælles midler;Faktura 1\n${id};${p};2022-07;10,00;Udvikling;Fælles midler;Ny\n`;
      const dup = await refusal(importActualsCsv(db(), ACTOR, CLUSTER, overlapping, 'juli.csv'));
      expect(dup).toMatchObject({ code: 'conflict.actuals-lines-again', details: { lines: 1 } });
      expect(await counts(db())).toEqual(mid);
      expect(await importActualsCsv(db(), ACTOR, CLUSTER, overlapping, 'juli.csv', undefined, { confirmDuplicates: true })).toBe(2);
      expect((await counts(db())).actuals).toBe(mid.actuals + 2);
    });

    it('a party check that refuses stops the import before anything is written', async () => {
      const p = await party();
      const before = await counts(db());
      const seen: string[][] = [];
      const check = (parties: readonly string[]): void => {
        seen.push([...parties]);
        throw new DomainError('auth.forbidden', 'Ikke din part.');
      };
      expect((await refusal(recordActuals(db(), ACTOR, CLUSTER, [line(id, '2022-08', 1, '', p)], check))).code).toBe('auth.forbidden');
      expect(seen).toEqual([[p]]);
      expect(await counts(db())).toEqual(before);
    });

    it('a correction is a new line with the difference to the line as it stands; the original stays; no-op and reasonless corrections are refused', async () => {
      const p = await party();
      await recordActuals(db(), ACTOR, CLUSTER, [line(id, '2022-09', 40_000, 'Faktura 9', p)]);
      const original = (await view(db(), CLUSTER)).actuals.find((a) => a.period === '2022-09');
      if (!original) throw new Error('no line');
      const before = await counts(db());
      expect((await refusal(correctActual(db(), ACTOR, CLUSTER, Number(original.id), { amountOre: 30_000 * KR, text: '  ' }))).code).toBe('actuals.correction-text');
      expect((await refusal(correctActual(db(), ACTOR, CLUSTER, Number(original.id), { amountOre: 40_000 * KR, text: 'Samme' }))).code).toBe('actuals.correction-none');
      // Another cluster's line is not found from this cluster.
      expect((await refusal(correctActual(db(), ACTOR, 'hovedstaden-syd', Number(original.id), { amountOre: 1, text: 'x' }))).code).toBe('actuals.not-found');
      expect(await counts(db())).toEqual(before);

      await correctActual(db(), ACTOR, CLUSTER, Number(original.id), { amountOre: 30_000 * KR, text: 'Kreditnota' });
      // A second correction corrects the line as it stands now (30.000), not the original 40.000.
      await correctActual(db(), ACTOR, CLUSTER, Number(original.id), { amountOre: 35_000 * KR, text: 'Delvis tilbageført' });
      const lines = (await view(db(), CLUSTER)).actuals.filter((a) => a.period === '2022-09');
      expect(lines.map((a) => [a.amountOre, a.correctsId])).toEqual([
        [40_000 * KR, null],
        [-10_000 * KR, original.id],
        [5_000 * KR, original.id],
      ]);
      const audits = await db().selectFrom('audit_log').select('after').where('action', '=', 'economy.actuals').orderBy('id', 'desc').limit(2).execute();
      expect(audits.map((a) => a.after)).toEqual([
        expect.objectContaining({ correctsLine: original.id, fromOre: 30_000 * KR, toOre: 35_000 * KR }),
        expect.objectContaining({ correctsLine: original.id, fromOre: 40_000 * KR, toOre: 30_000 * KR }),
      ]);
    });
  });

  describe('settlement runs, reversal and overspending', () => {
    const CLUSTER = 'hovedstaden-syd';
    const owed = (s: { obligations: readonly { payer: string; amountOre: number }[] }, payer: string): number => s.obligations.filter((o) => o.payer === payer).reduce((sum, o) => sum + o.amountOre, 0);

    it('a period is settled once; a reversal needs a reason, is the original negated, cannot be repeated, and a re-run settles the corrected figures', async () => {
      const a = await approved(db(), CLUSTER, 'Afregnes', 90_000);
      const running = await changeInitiativeStatus(db(), ACTOR, a.id, a.version, 'running');
      expect(running.initiative.status).toBe('running');
      await recordActuals(db(), ACTOR, CLUSTER, [line(a.id, '2022-01', 30_000), line(a.id, '2022-02', 30_000)]);
      const before = await counts(db());
      const first = await createSettlement(db(), ACTOR, CLUSTER, { from: '2022-01', to: '2022-02' });
      expect(first.existing).toBe(false);
      // A third each of 60.000 kr.
      expect(owed(first.settlement, '167')).toBe(20_000 * KR);
      expect(owed(first.settlement, '1084')).toBe(20_000 * KR);
      expect(await counts(db())).toMatchObject({ runs: before.runs + 1, audit: before.audit + 1 });
      expect((await auditOf(db(), 'settlement_run', first.id))[0]).toMatchObject({ action: 'economy.settlement', before: null, after: { clusterId: CLUSTER, from: '2022-01', to: '2022-02' } });

      const again = await createSettlement(db(), ACTOR, CLUSTER, { from: '2022-01', to: '2022-02' });
      expect(again).toMatchObject({ id: first.id, existing: true });
      expect((await refusal(createSettlement(db(), ACTOR, CLUSTER, { from: '2022-02', to: '2022-03' }))).code).toMatch(/^conflict\./);
      expect((await counts(db())).runs).toBe(before.runs + 1);

      // The February line should have been 15.000 kr.
      const feb = (await view(db(), CLUSTER)).actuals.find((x) => x.initiativeId === a.id && x.period === '2022-02');
      if (!feb) throw new Error('no line');
      await correctActual(db(), ACTOR, CLUSTER, Number(feb.id), { amountOre: 15_000 * KR, text: 'Kreditnota' });
      const mid = await counts(db());
      expect((await refusal(reverseSettlement(db(), ACTOR, Number(first.id), '   '))).code).toBe('settlement.reason');
      expect(await counts(db())).toEqual(mid);
      const reversal = await reverseSettlement(db(), ACTOR, Number(first.id), 'Februar krediteret');
      expect(owed(reversal.settlement, '167')).toBe(0 - owed(first.settlement, '167'));
      const original = await getSettlement(db(), Number(first.id));
      const reversed = await getSettlement(db(), Number(reversal.id));
      expect(reversed).toMatchObject({ kind: 'reversal', reversesId: first.id, reason: 'Februar krediteret' });
      for (const f of original.settlement.files) expect(reversed.settlement.files.find((r) => r.party === f.party)?.controlTotalOre).toBe(0 - f.controlTotalOre);
      expect((await auditOf(db(), 'settlement_run', reversal.id))[0]).toMatchObject({ action: 'economy.settlement-reverse', before: { runId: first.id, inForce: true }, after: { reverses: first.id, reason: 'Februar krediteret' } });
      expect((await refusal(reverseSettlement(db(), ACTOR, Number(first.id), 'igen'))).code).toBe('conflict.settlement-reversed');
      expect((await refusal(reverseSettlement(db(), ACTOR, Number(reversal.id), 'tilbage'))).code).toBe('settlement.reverse-reversal');

      const rerun = await createSettlement(db(), ACTOR, CLUSTER, { from: '2022-01', to: '2022-02' });
      expect(rerun.existing).toBe(false);
      expect(owed(rerun.settlement, '167')).toBe(15_000 * KR);
      // Over all three runs Hvidovre has been charged its corrected third, once.
      expect(owed(first.settlement, '167') + owed(reversal.settlement, '167') + owed(rerun.settlement, '167')).toBe(15_000 * KR);
    });

    it('spending beyond the approved amount is settled only with a reason, which is stored and audited', async () => {
      const a = await approved(db(), CLUSTER, 'Overskrider', 10_000);
      await recordActuals(db(), ACTOR, CLUSTER, [line(a.id, '2022-05', 13_000)]);
      const before = await counts(db());
      const e = await refusal(createSettlement(db(), ACTOR, CLUSTER, { from: '2022-05', to: '2022-05' }));
      expect(e.code).toBe('settlement.overspend-unconfirmed');
      expect(e.details['overspend']).toEqual([{ initiativeId: a.id, title: 'Overskrider', overOre: 3_000 * KR }]);
      expect((await refusal(createSettlement(db(), ACTOR, CLUSTER, { from: '2022-05', to: '2022-05', overspendReason: ' ' }))).code).toBe('settlement.overspend-unconfirmed');
      expect(await counts(db())).toEqual(before);
      const run = await createSettlement(db(), ACTOR, CLUSTER, { from: '2022-05', to: '2022-05', overspendReason: ' Godkendt merforbrug, SSU 01.06.2022 ' });
      expect((await getSettlement(db(), Number(run.id))).overspendReason).toBe('Godkendt merforbrug, SSU 01.06.2022');
      expect((await auditOf(db(), 'settlement_run', run.id))[0]?.after).toMatchObject({ overspendConfirmed: { reason: 'Godkendt merforbrug, SSU 01.06.2022', initiatives: [{ initiativeId: a.id, overOre: 3_000 * KR }] } });
    });

    it('a period with no common-funds spending is not a run', async () => {
      const before = await counts(db());
      expect((await refusal(createSettlement(db(), ACTOR, CLUSTER, { from: '2022-11', to: '2022-11' }))).code).toBe('settlement.nothing');
      expect(await counts(db())).toEqual(before);
    });
  });

  describe('year end and carry-forward', () => {
    const CLUSTER = 'hovedstaden-nord';

    it('closing carries forward what is committed (at most the unused) into next year, lapses the rest, then refuses changes to the closed year; reopening takes it back', async () => {
      const v = await view(db(), CLUSTER);
      const parties = v.funds.parties.filter((p) => p.available > 0);
      const [withCommitment, without] = parties;
      if (!withCommitment || !without) throw new Error('need two parties with funds');
      expect((await refusal(recordCommitment(db(), ACTOR, CLUSTER, 2022, withCommitment.party, -1))).code).toBe('year.negative-commitment');
      expect((await refusal(recordCommitment(db(), ACTOR, CLUSTER, 2022, '999', 1))).code).toBe('economy.unknown-party');
      // A commitment larger than the unused funds carries only the unused.
      const asked = withCommitment.available + 1_000 * KR;
      await recordCommitment(db(), ACTOR, CLUSTER, 2022, withCommitment.party, 1);
      await recordCommitment(db(), ACTOR, CLUSTER, 2022, withCommitment.party, asked);
      const commitmentAudit = await auditOf(db(), 'ceiling_commitment', `${CLUSTER}/2022/${withCommitment.party}`);
      expect(commitmentAudit.map((a) => [a.before, a.after])).toEqual([
        [null, { amountOre: 1, recordedBy: ACTOR.name }],
        [{ amountOre: 1, recordedBy: ACTOR.name }, { amountOre: asked, recordedBy: ACTOR.name }],
      ]);

      const stateVersion = (await view(db(), CLUSTER)).stateVersion ?? 0;
      expect((await refusal(closeClusterYear(db(), ACTOR, CLUSTER, 2022, new Date('2023-01-15T10:00:00Z'), stateVersion + 7))).code).toBe('conflict.stale');
      const closing = await closeClusterYear(db(), ACTOR, CLUSTER, 2022, new Date('2023-01-15T10:00:00Z'), stateVersion);
      const row = (p: string) => closing.rows.find((r) => r.party === p);
      expect(row(withCommitment.party)).toMatchObject({ unused: withCommitment.available, carriedForward: withCommitment.available, lapsed: 0 });
      expect(row(without.party)).toMatchObject({ carriedForward: 0, lapsed: without.available });
      expect(closing).toMatchObject({ closedBy: ACTOR.name, closedAt: '2023-01-15T10:00:00.000Z' });

      const closed = await view(db(), CLUSTER);
      expect(closed.state.status).toBe('closed');
      expect(closed.stateVersion).toBe(stateVersion + 1);
      expect((await view(db(), CLUSTER, 2023)).carriedIn).toEqual([{ party: withCommitment.party, amount: withCommitment.available }]);
      expect((await auditOf(db(), 'cluster_year', `${CLUSTER}/2022`)).at(-1)).toMatchObject({ action: 'economy.close-year', before: { status: 'open' }, after: { status: 'closed' } });

      // The closed year takes no commitments, no second close and no new initiative approvals.
      const before = await counts(db());
      expect((await refusal(recordCommitment(db(), ACTOR, CLUSTER, 2022, without.party, 1))).code).toBe('year.closed');
      expect((await refusal(closeClusterYear(db(), ACTOR, CLUSTER, 2022, new Date('2023-01-16T10:00:00Z')))).code).toBe('year.already-closed');
      expect(await counts(db())).toEqual(before);

      await reopenClusterYear(db(), ACTOR, CLUSTER, 2022, new Date('2023-01-20T10:00:00Z'));
      expect((await view(db(), CLUSTER)).state.status).toBe('open');
      expect((await view(db(), CLUSTER, 2023)).carriedIn).toEqual([]);
      expect((await auditOf(db(), 'cluster_year', `${CLUSTER}/2022`)).at(-1)).toMatchObject({ action: 'economy.reopen-year', before: { status: 'closed' }, after: { status: 'open' } });
      expect((await refusal(reopenClusterYear(db(), ACTOR, CLUSTER, 2022, new Date('2023-01-21T10:00:00Z')))).code).toBe('year.not-closed');
    });

    it('actuals in a closed year are refused and nothing is written', async () => {
      const CL = 'hovedstaden-nord';
      const p = await proposeInitiative(db(), ACTOR, CL, {
        title: 'Lukket år',
        description: '',
        targetGroup: 'acute',
        startPeriod: '2022-01',
        endPeriod: '2022-12',
        executingParties: [(await view(db(), CL)).funds.parties.find((x) => x.party.length === 3)?.party ?? ''],
        forecast: { lines: [] },
      });
      const a = await approve(db(), ACTOR, p.id, p.version, DECISION);
      const party = a.initiative.executingParties[0] ?? '';
      await closeClusterYear(db(), ACTOR, CL, 2022, new Date('2023-02-01T10:00:00Z'));
      const before = await counts(db());
      expect((await refusal(recordActuals(db(), ACTOR, CL, [line(a.id, '2022-06', 1, '', party)]))).code).toBe('year.closed');
      expect(await counts(db())).toEqual(before);
    });
  });
});
