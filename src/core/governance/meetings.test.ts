import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkCadence, checkLevelFrequency, recommendedMeetings } from './cadence.ts';
import {
  addAgendaItem,
  AGENDA_TEMPLATES,
  approveMinutes,
  cancelMeeting,
  currentMinutes,
  decisionsFor,
  planMeeting,
  writeMinutes,
  type Meeting,
  type MeetingBody,
} from './meetings.ts';

const political: MeetingBody = { kind: 'cluster-political', clusterId: 'hovedstaden-syd' };
const ssu: MeetingBody = { kind: 'ssu', regionId: '1084' };
const sekr = (now: string): { now: string; actor: string } => ({ now, actor: 'sekretariat' });

function meeting(id: string, date: string, body: MeetingBody = political): Meeting {
  return planMeeting({ id, body, date, title: `Møde ${date}` });
}

describe('agenda', () => {
  it('offers the four typical items of seed 001 §16 as templates', () => {
    expect(AGENDA_TEMPLATES.map((t) => t.key)).toEqual(['relational-capacity', 'focus-areas', 'experiences-and-spreading', 'national-recommendations']);
    const m = addAgendaItem(meeting('m1', '2023-09-20'), { id: 'p1', templateKey: 'experiences-and-spreading' });
    expect(m.agenda[0]).toEqual(expect.objectContaining({ title: 'Erfaringer fra afprøvninger og anbefaling om udbredelse', templateKey: 'experiences-and-spreading' }));
    expect(addAgendaItem(m, { id: 'p2', title: 'Eventuelt' }).agenda.map((a) => a.title)).toEqual([m.agenda[0]?.title, 'Eventuelt']);
    expect(() => addAgendaItem(m, { id: 'p3', templateKey: 'nope' })).toThrowError(expect.objectContaining({ code: 'meeting.unknown-template' }));
  });
});

describe('minutes', () => {
  const base = addAgendaItem(meeting('m1', '2023-09-20'), { id: 'p1', templateKey: 'focus-areas' });

  it('go draft → approved; an approved version is frozen and a correction is a new version', () => {
    const d1 = writeMinutes(base, { text: 'Udkast', decisions: [] }, sekr('2023-09-21T10:00:00Z'));
    const d1b = writeMinutes(d1, { text: 'Udkast, rettet', decisions: [] }, sekr('2023-09-22T10:00:00Z'));
    expect(d1b.minutes.map((v) => [v.version, v.status, v.text])).toEqual([[1, 'draft', 'Udkast, rettet']]);
    const a1 = approveMinutes(d1b, { now: '2023-10-01T10:00:00Z', actor: 'formandskabet' });
    expect(currentMinutes(a1)).toEqual(expect.objectContaining({ version: 1, status: 'approved', approvedBy: 'formandskabet' }));
    expect(() => approveMinutes(a1, sekr('2023-10-02T10:00:00Z'))).toThrowError(expect.objectContaining({ code: 'minutes.no-draft' }));

    const corrected = writeMinutes(a1, { text: 'Rettelse af punkt 1', decisions: [] }, sekr('2023-10-05T10:00:00Z'));
    expect(corrected.minutes.map((v) => [v.version, v.status])).toEqual([
      [1, 'approved'],
      [2, 'draft'],
    ]);
    expect(corrected.minutes[0]).toBe(a1.minutes[0]);
    expect(currentMinutes(corrected)?.version).toBe(1);
    expect(currentMinutes(approveMinutes(corrected, sekr('2023-10-06T10:00:00Z')))?.text).toBe('Rettelse af punkt 1');
  });

  it('cannot be written before the meeting, nor for a cancelled one; approved minutes freeze the agenda', () => {
    expect(() => writeMinutes(base, { text: 'x', decisions: [] }, sekr('2023-09-19T23:59:00Z'))).toThrowError(expect.objectContaining({ code: 'minutes.before-meeting' }));
    expect(() => writeMinutes(cancelMeeting(base), { text: 'x', decisions: [] }, sekr('2023-09-21T10:00:00Z'))).toThrowError(expect.objectContaining({ code: 'meeting.cancelled' }));
    const approved = approveMinutes(writeMinutes(base, { text: 'x', decisions: [] }, sekr('2023-09-21T10:00:00Z')), sekr('2023-09-22T10:00:00Z'));
    expect(() => addAgendaItem(approved, { id: 'p9', title: 'Sent punkt' })).toThrowError(expect.objectContaining({ code: 'meeting.agenda-frozen' }));
  });
});

describe('decisions and what they decided', () => {
  it('links a decision to an initiative approval, and the initiative shows the decision that made it', () => {
    const m = addAgendaItem(meeting('m1', '2023-09-20'), { id: 'p1', templateKey: 'focus-areas' });
    const withDecision = writeMinutes(
      m,
      {
        text: 'Klyngen godkendte indsatsen.',
        decisions: [
          { id: 'b1', agendaItemId: 'p1', text: 'Indsatsen "Udgående akutteam" godkendes med 1.250.000 kr. af de fælles midler.', links: [{ kind: 'initiative-approval', initiativeId: 'ini-1' }] },
          { id: 'b2', text: 'Region og kommuner tilfører 200.000 kr. i lokale midler.', links: [{ kind: 'extra-local-funds', fundsId: 'lm-1' }] },
        ],
      },
      sekr('2023-09-21T10:00:00Z'),
    );
    expect(decisionsFor({ kind: 'initiative-approval', initiativeId: 'ini-1' }, [withDecision])).toEqual([
      expect.objectContaining({ meetingId: 'm1', decisionId: 'b1', meetingDate: '2023-09-20', provisional: true, minutesVersion: 1 }),
    ]);
    const approved = approveMinutes(withDecision, sekr('2023-09-25T10:00:00Z'));
    expect(decisionsFor({ kind: 'extra-local-funds', fundsId: 'lm-1' }, [approved])[0]?.provisional).toBe(false);
    expect(decisionsFor({ kind: 'carry-forward', carryForwardId: 'cf-1' }, [approved])).toEqual([]);
  });

  it('only the SSU recommends spreading, and the SSU does not decide a cluster’s funds', () => {
    const ssuMeeting = meeting('s1', '2023-09-14', ssu);
    const rec = writeMinutes(ssuMeeting, { text: 'x', decisions: [{ id: 'b', text: 'Anbefales udbredt.', links: [{ kind: 'ssu-recommendation', evaluationId: 'ev-1' }] }] }, sekr('2023-09-15T10:00:00Z'));
    expect(decisionsFor({ kind: 'ssu-recommendation', evaluationId: 'ev-1' }, [rec])).toHaveLength(1);
    expect(() =>
      writeMinutes(meeting('m', '2023-09-14'), { text: 'x', decisions: [{ id: 'b', text: 'x', links: [{ kind: 'ssu-recommendation', evaluationId: 'ev-1' }] }] }, sekr('2023-09-15T10:00:00Z')),
    ).toThrowError(expect.objectContaining({ code: 'decision.wrong-body' }));
    expect(() =>
      writeMinutes(ssuMeeting, { text: 'x', decisions: [{ id: 'b', text: 'x', links: [{ kind: 'carry-forward', carryForwardId: 'c' }] }] }, sekr('2023-09-15T10:00:00Z')),
    ).toThrowError(expect.objectContaining({ code: 'decision.wrong-body' }));
  });
});

describe('meeting cadence', () => {
  it('a political level that met in October and early March meets the minimum and both recommended windows', () => {
    const r = checkCadence([meeting('a', '2023-03-06'), meeting('b', '2023-10-02')], political, 2023, '2023-12-31');
    expect(r).toEqual(expect.objectContaining({ recommended: 2, held: ['2023-03-06', '2023-10-02'], status: 'met', recommendedWindows: { autumn: true, earlyMarch: true } }));
    expect(r.message).toBe('Det politiske niveau har holdt 2 møder i 2023; anbefalingen er som udgangspunkt 2 møder om året, og den er fulgt.');
  });

  it('one held and one planned is on track; a cancelled one does not count; after the year it is not met', () => {
    const ms = [meeting('a', '2023-03-20'), meeting('b', '2023-11-15'), cancelMeeting(meeting('c', '2023-09-01'))];
    const during = checkCadence(ms, political, 2023, '2023-06-01');
    expect(during).toEqual(expect.objectContaining({ held: ['2023-03-20'], planned: ['2023-11-15'], cancelled: 1, status: 'on-track', recommendedWindows: { autumn: false, earlyMarch: false } }));
    expect(during.message).toBe(
      'Det politiske niveau har holdt 1 møde i 2023 og har 1 møde planlagt (15.11.2023); anbefalingen er som udgangspunkt 2 møder om året, og den følges, hvis de planlagte møder holdes.',
    );
    const once = [meeting('a', '2023-03-20')];
    expect(checkCadence(once, political, 2023, '2023-06-01').status).toBe('at-risk');
    expect(checkCadence(once, political, 2023, '2024-01-01')).toEqual(
      expect.objectContaining({ status: 'not-met', message: 'Det politiske niveau har holdt 1 møde i 2023; anbefalingen er som udgangspunkt 2 møder om året, og den blev ikke fulgt.' }),
    );
  });

  it('an SSU is recommended four meetings a year, and only its own region’s meetings count', () => {
    const dates = ['2023-03-01', '2023-06-01', '2023-09-14', '2023-12-01'];
    const own = dates.map((d, i) => meeting(`s${String(i)}`, d, ssu));
    const other = meeting('x', '2023-05-01', { kind: 'ssu', regionId: '1085' });
    expect(checkCadence([...own.slice(0, 3), other], ssu, 2023, '2024-01-10')).toEqual(expect.objectContaining({ held: dates.slice(0, 3), status: 'not-met', recommended: 4 }));
    expect(checkCadence(own, ssu, 2023, '2024-01-10').status).toBe('met');
    expect(checkCadence(own, ssu, 2023, '2023-07-01').message).toBe(
      'Sundhedssamarbejdsudvalget har holdt 2 møder i 2023 og har 2 møder planlagt (14.09.2023, 01.12.2023); anbefalingen er som udgangspunkt 4 møder om året, og den følges, hvis de planlagte møder holdes.',
    );
  });

  it('the professional level sets its own cadence', () => {
    expect(checkCadence([], { kind: 'cluster-professional', clusterId: 'hovedstaden-syd' }, 2023, '2024-01-01').status).toBe('no-minimum');
  });

  it('counts: held + planned + cancelled = the body’s meetings that year; status follows the counts', () => {
    const dateArb = fc.record({ month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }), year: fc.constantFrom(2022, 2023, 2024) });
    const pad = (n: number): string => String(n).padStart(2, '0');
    fc.assert(
      fc.property(
        fc.array(fc.record({ d: dateArb, cancelled: fc.boolean(), ssuBody: fc.boolean() }), { maxLength: 12 }),
        dateArb,
        (specs, todaySpec) => {
          const ms = specs.map((s, i) => {
            const m = meeting(`m${String(i)}`, `${String(s.d.year)}-${pad(s.d.month)}-${pad(s.d.day)}`, s.ssuBody ? ssu : political);
            return s.cancelled ? cancelMeeting(m) : m;
          });
          const today = `${String(todaySpec.year)}-${pad(todaySpec.month)}-${pad(todaySpec.day)}`;
          const r = checkCadence(ms, political, 2023, today);
          const mine = specs.filter((s) => !s.ssuBody && s.d.year === 2023);
          expect(r.held.length + r.planned.length + r.cancelled).toBe(mine.length);
          expect(r.cancelled).toBe(mine.filter((s) => s.cancelled).length);
          expect(r.held.every((d) => d <= today) && r.planned.every((d) => d > today)).toBe(true);
          expect(r.status === 'met').toBe(r.held.length >= 2);
          if (today > '2023-12-31') expect(r.planned).toEqual([]);
        },
      ),
    );
  });
});

describe('cadence as guidance (issue 15 point 3)', () => {
  // Seed 001 §16: "De politiske klynger mødes som udgangspunkt to gange årligt" … SSU "som udgangspunkt mødes fire gange årligt";
  // the clusters started "pr. 1. juli 2022", so 2022 counts six months.
  it('recommends pro rata for 2022 from 1 July: 1 political meeting and 2 SSU meetings', () => {
    expect(recommendedMeetings('cluster-political', 2022)).toEqual({ count: 1, months: 6 });
    expect(recommendedMeetings('ssu', 2022)).toEqual({ count: 2, months: 6 });
    expect(recommendedMeetings('ssu', 2023)).toEqual({ count: 4, months: 12 });
    expect(recommendedMeetings('cluster-political', 2021).count).toBeNull();
    const r = checkCadence([meeting('a', '2022-10-03')], political, 2022, '2023-01-05');
    expect(r.status).toBe('met');
    expect(r.message).toBe(
      'Det politiske niveau har holdt 1 møde i 2022; anbefalingen for 2022 er 1 møde, fordi klyngerne først startede 01.07.2022 (som udgangspunkt 2 møder om året, forholdsmæssigt for 6 måneder), og den er fulgt.',
    );
  });

  // Seed 001 §16: "Det faglige / strategiske niveau i sundhedsklyngerne vil skulle mødes oftere."
  it('notices when the professional level meets less often than the political level', () => {
    const professional = { kind: 'cluster-professional' as const, clusterId: political.clusterId };
    const pol = checkCadence([meeting('a', '2023-03-06'), meeting('b', '2023-10-02')], political, 2023, '2023-12-31');
    const fewer = checkCadence([meeting('f1', '2023-02-01', professional)], professional, 2023, '2023-12-31');
    expect(checkLevelFrequency(pol, fewer)).toBe(
      'Det faglige/strategiske niveau har 1 møde i 2023 (holdt og planlagt), det politiske niveau 2 møder; det faglige/strategiske niveau bør som udgangspunkt mødes mindst lige så ofte som det politiske.',
    );
    const more = checkCadence(['2023-02-01', '2023-05-01', '2023-09-01'].map((d, i) => meeting(`f${String(i)}`, d, professional)), professional, 2023, '2023-06-01');
    expect(checkLevelFrequency(pol, more)).toBeNull();
  });
});

