import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { composeGuide } from './evaluation-guide.ts';
import { applyEvaluationCommand, openEvaluation, resultsByCriterion, type Evaluation, type EvaluationCommand } from './evaluation.ts';
import { CLUSTERS, ctx, decided, KLYNGE_BY, KLYNGE_NORD_NJ, KLYNGE_SYD, readyDraft, REGION_H, ssuLayerV1 } from './test-fixtures.ts';

const at = (now: string): { now: string; actor: string } => ctx(now);

describe('evaluation workflow', () => {
  it('goes draft → submitted → discussed → decided and records who did what when', () => {
    const e = decided({ kind: 'spread-to-clusters', clusterIds: [KLYNGE_BY, KLYNGE_BY] });
    expect(e.status).toBe('decided');
    expect(e.submittedAt).toBe('2023-08-01T12:00:00Z');
    expect(e.discussion).toEqual({ date: '2023-09-14', meetingId: 'ssu-h-2023-3' });
    // Duplicate cluster ids are collapsed.
    expect(e.decision?.recommendation).toEqual({ kind: 'spread-to-clusters', clusterIds: [KLYNGE_BY] });
    expect(e.history.map((h) => h.event)).toEqual(['set-plan', 'record-result', 'answer', 'set-conclusion', 'submit', 'record-discussion', 'decide']);
    expect(e.history.at(-1)).toEqual({ at: '2023-09-15T08:05:00Z', by: 'ssu-sekretariat', event: 'decide' });
  });

  it('keeps the plan with sorted measurement dates and the results against each criterion', () => {
    const e = readyDraft();
    expect(e.criteria[0]?.measurementDates).toEqual(['2023-06-30', '2023-12-31']);
    const more = applyEvaluationCommand(e, { type: 'record-result', criterionId: 'k1', measuredOn: '2023-03-31', value: '-5 %', note: 'foreløbigt' }, at('2023-07-02T08:00:00Z'));
    expect(resultsByCriterion(more)[0]?.results.map((r) => [r.measuredOn, r.value])).toEqual([
      ['2023-03-31', '-5 %'],
      ['2023-06-30', '-12 %'],
    ]);
    expect(() => applyEvaluationCommand(e, { type: 'record-result', criterionId: 'k9', measuredOn: '2023-03-31', value: '1' }, at('2023-07-02T08:00:00Z'))).toThrowError(
      expect.objectContaining({ code: 'evaluation.unknown-criterion' }),
    );
    expect(() => applyEvaluationCommand(e, { type: 'record-result', criterionId: 'k1', measuredOn: '2023-08-01', value: '1' }, at('2023-07-02T08:00:00Z'))).toThrowError(
      expect.objectContaining({ code: 'evaluation.result-in-future' }),
    );
    // A criterion that has results cannot be dropped from the plan.
    expect(() => applyEvaluationCommand(e, { type: 'set-plan', criteria: [] }, at('2023-07-02T08:00:00Z'))).toThrowError(
      expect.objectContaining({ code: 'evaluation.criterion-has-results' }),
    );
  });

  it('refuses to submit an incomplete evaluation and says everything that is missing', () => {
    const guide = composeGuide({ regionId: REGION_H, clusterId: KLYNGE_SYD }, ssuLayerV1);
    const empty = openEvaluation({ id: 'e', initiativeId: 'i', clusterId: KLYNGE_SYD, regionId: REGION_H, guide });
    let message = '';
    try {
      applyEvaluationCommand(empty, { type: 'submit' }, at('2023-08-01T12:00:00Z'));
    } catch (e) {
      message = (e as Error).message;
    }
    const lines = message.split('\n');
    expect(lines[0]).toBe('Evalueringen kan ikke indsendes endnu:');
    expect(lines).toContain('Måleplanen har ingen succeskriterier.');
    expect(lines).toContain('Evalueringen mangler en konklusion.');
    expect(lines).toContain('"Hvilken udfordring adresseres?" skal besvares.');
    expect(lines).toContain('"Hvor mange borgere har indsatsen nået?" skal besvares.');
    expect(lines).toHaveLength(1 + 2 + 6);
  });

  it('locks the evaluation once submitted: every edit is refused with a Danish message', () => {
    const submitted = applyEvaluationCommand(readyDraft(), { type: 'submit' }, at('2023-08-01T12:00:00Z'));
    const edits: EvaluationCommand[] = [
      { type: 'set-plan', criteria: [] },
      { type: 'record-result', criterionId: 'k1', measuredOn: '2023-07-31', value: 'x' },
      { type: 'answer', answers: { 'standard/challenge': 'Noget andet' } },
      { type: 'rebase-guide', guide: submitted.guide },
      { type: 'add-attachment', id: 'a', fileName: 'rapport.pdf', mediaType: 'application/pdf', sizeBytes: 1000 },
      { type: 'remove-attachment', id: 'a' },
      { type: 'set-conclusion', conclusion: 'Ny' },
    ];
    for (const cmd of edits) {
      expect(() => applyEvaluationCommand(submitted, cmd, at('2023-08-02T12:00:00Z'))).toThrowError(
        expect.objectContaining({
          code: 'evaluation.locked',
          message: 'Evalueringen er indsendt til sundhedssamarbejdsudvalget og er låst; den kan ikke længere ændres.',
        }),
      );
    }
  });

  it.each([
    ['discussing a draft', (): Evaluation => readyDraft(), { type: 'record-discussion', date: '2023-09-14', meetingId: 'm' }, 'evaluation.not-awaiting-discussion'],
    ['deciding a draft', (): Evaluation => readyDraft(), { type: 'decide', recommendation: { kind: 'national' }, justification: 'x', decidedOn: '2023-09-14', clusters: CLUSTERS }, 'evaluation.not-discussed'],
    [
      'deciding before the SSU discussed it',
      (): Evaluation => applyEvaluationCommand(readyDraft(), { type: 'submit' }, at('2023-08-01T12:00:00Z')),
      { type: 'decide', recommendation: { kind: 'national' }, justification: 'x', decidedOn: '2023-09-14', clusters: CLUSTERS },
      'evaluation.not-discussed',
    ],
    ['submitting twice', (): Evaluation => decided({ kind: 'none' }), { type: 'submit' }, 'evaluation.already-submitted'],
    ['deciding twice', (): Evaluation => decided({ kind: 'none' }), { type: 'decide', recommendation: { kind: 'national' }, justification: 'x', decidedOn: '2023-09-20', clusters: CLUSTERS }, 'evaluation.not-discussed'],
    [
      'a discussion dated before submission',
      (): Evaluation => applyEvaluationCommand(readyDraft(), { type: 'submit' }, at('2023-08-01T12:00:00Z')),
      { type: 'record-discussion', date: '2023-07-31', meetingId: 'm' },
      'evaluation.discussed-before-submitted',
    ],
    [
      'a discussion in the future',
      (): Evaluation => applyEvaluationCommand(readyDraft(), { type: 'submit' }, at('2023-08-01T12:00:00Z')),
      { type: 'record-discussion', date: '2023-12-01', meetingId: 'm' },
      'evaluation.discussion-in-future',
    ],
  ] as [string, () => Evaluation, EvaluationCommand, string][])('refuses %s', (_label, make, cmd, code) => {
    expect(() => applyEvaluationCommand(make(), cmd, at('2023-10-01T12:00:00Z'))).toThrowError(expect.objectContaining({ code }));
  });

  it('judges "in the future" by the Danish date: a meeting on 1 March is not in the future at 00:30 Danish time', () => {
    const submitted = applyEvaluationCommand(readyDraft(), { type: 'submit' }, at('2024-02-20T12:00:00Z'));
    // 00:30 on 1 March in Copenhagen is still 29 February in UTC.
    const lateNight = { now: '2024-02-29T23:30:00Z', actor: 'ssu' };
    expect(() => applyEvaluationCommand(submitted, { type: 'record-discussion', date: '2024-03-01', meetingId: 'm' }, lateNight)).toThrowError(expect.objectContaining({ code: 'evaluation.discussion-in-future' }));
    const discussed = applyEvaluationCommand(submitted, { type: 'record-discussion', date: '2024-03-01', meetingId: 'm' }, { ...lateNight, today: '2024-03-01' });
    expect(discussed.discussion).toEqual({ date: '2024-03-01', meetingId: 'm' });
  });

  it('requires a justification and refuses recommending spreading to the cluster itself or to nobody', () => {
    const submitted = applyEvaluationCommand(readyDraft(), { type: 'submit' }, at('2023-09-01T12:00:00Z'));
    const discussed = applyEvaluationCommand(submitted, { type: 'record-discussion', date: '2023-09-14', meetingId: 'm' }, at('2023-09-15T12:00:00Z'));
    const decide = (recommendation: Parameters<typeof decided>[0], justification = 'Godt'): Evaluation =>
      applyEvaluationCommand(discussed, { type: 'decide', recommendation, justification, decidedOn: '2023-09-14', clusters: CLUSTERS }, at('2023-09-15T12:00:00Z'));
    expect(() => decide({ kind: 'national' }, ' ')).toThrowError(expect.objectContaining({ code: 'evaluation.no-justification', message: 'Beslutningen skal begrundes.' }));
    expect(() => decide({ kind: 'spread-to-clusters', clusterIds: [KLYNGE_SYD] })).toThrowError(expect.objectContaining({ code: 'evaluation.own-cluster' }));
    expect(() => decide({ kind: 'spread-to-clusters', clusterIds: [] })).toThrowError(expect.objectContaining({ code: 'evaluation.no-clusters' }));
    expect(decide({ kind: 'none' }).decision?.recommendation).toEqual({ kind: 'none' });
  });

  it('accepts attachments of allowed types and sizes only', () => {
    const e = readyDraft();
    const add = (fileName: string, mediaType: string, sizeBytes: number, base = e): Evaluation =>
      applyEvaluationCommand(base, { type: 'add-attachment', id: fileName, fileName, mediaType, sizeBytes }, at('2023-07-02T08:00:00Z'));
    const withPdf = add('slutrapport.pdf', 'application/pdf', 2_000_000);
    expect(withPdf.attachments.map((a) => [a.fileName, a.sizeBytes, a.addedBy])).toEqual([['slutrapport.pdf', 2_000_000, 'sekretariat@klyngesyd']]);
    expect(() => add('virus.exe', 'application/x-msdownload', 10)).toThrowError(expect.objectContaining({ code: 'attachment.type-not-allowed' }));
    expect(() => add('rapport.docx', 'application/pdf', 10)).toThrowError(expect.objectContaining({ code: 'attachment.extension-mismatch' }));
    expect(() => add('stor.pdf', 'application/pdf', 20 * 1024 * 1024 + 1)).toThrowError(expect.objectContaining({ code: 'attachment.too-large', message: 'Filen "stor.pdf" er større end 20 MB.' }));
    expect(() => add('tom.pdf', 'application/pdf', 0)).toThrowError(expect.objectContaining({ code: 'attachment.empty' }));
    expect(() => add('slutrapport.pdf', 'application/pdf', 10, withPdf)).toThrowError(expect.objectContaining({ code: 'attachment.duplicate' }));
    // Five files of 20 MB fill the 100 MB; the sixth is refused.
    const full = ['a', 'b', 'c', 'd', 'e'].reduce((acc, n) => add(`${n}.xlsx`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 20 * 1024 * 1024, acc), e);
    expect(() => add('f.png', 'image/png', 1, full)).toThrowError(expect.objectContaining({ code: 'attachment.total-too-large' }));
    expect(applyEvaluationCommand(withPdf, { type: 'remove-attachment', id: 'slutrapport.pdf' }, at('2023-07-03T08:00:00Z')).attachments).toEqual([]);
  });

  it('refuses a malformed clock and an anonymous actor', () => {
    expect(() => applyEvaluationCommand(readyDraft(), { type: 'set-conclusion', conclusion: 'x' }, { now: '2023-07-02 08:00', actor: 'a' })).toThrowError(
      expect.objectContaining({ code: 'instant.malformed' }),
    );
    expect(() => applyEvaluationCommand(readyDraft(), { type: 'set-conclusion', conclusion: 'x' }, { now: '2023-07-02T08:00:00Z', actor: ' ' })).toThrowError(
      expect.objectContaining({ code: 'evaluation.no-actor' }),
    );
  });
});

describe('evaluation workflow — properties', () => {
  const commandArb: fc.Arbitrary<EvaluationCommand> = fc.oneof(
    fc.constant<EvaluationCommand>({ type: 'submit' }),
    fc.constant<EvaluationCommand>({ type: 'set-conclusion', conclusion: 'Ændret' }),
    fc.constant<EvaluationCommand>({ type: 'answer', answers: { 'standard/challenge': 'Ændret' } }),
    fc.constant<EvaluationCommand>({ type: 'set-plan', criteria: [] }),
    fc.constant<EvaluationCommand>({ type: 'add-attachment', id: 'x', fileName: 'x.pdf', mediaType: 'application/pdf', sizeBytes: 5 }),
    fc.constant<EvaluationCommand>({ type: 'record-result', criterionId: 'k1', measuredOn: '2023-07-01', value: '1' }),
    fc.constantFrom('2023-08-01', '2023-09-14', '2024-01-01').map((date): EvaluationCommand => ({ type: 'record-discussion', date, meetingId: 'm' })),
    fc
      .constantFrom<EvaluationCommand>(
        { type: 'decide', recommendation: { kind: 'national' }, justification: 'x', decidedOn: '2023-09-20', clusters: CLUSTERS },
        { type: 'decide', recommendation: { kind: 'none' }, justification: 'x', decidedOn: '2023-09-20', clusters: CLUSTERS },
        { type: 'decide', recommendation: { kind: 'spread-to-clusters', clusterIds: [KLYNGE_BY] }, justification: 'x', decidedOn: '2023-09-20', clusters: CLUSTERS },
      ),
  );
  const content = (e: Evaluation): unknown => [e.guide, e.criteria, e.results, e.answers, e.attachments, e.conclusion, e.submittedAt];

  it('no sequence of commands ever unlocks a submitted evaluation or changes its content', () => {
    fc.assert(
      fc.property(fc.array(commandArb, { maxLength: 15 }), (commands) => {
        let e = readyDraft();
        let lockedContent: unknown;
        for (const c of commands) {
          try {
            e = applyEvaluationCommand(e, c, at('2023-10-01T12:00:00Z'));
          } catch {
            // refused commands leave the evaluation as it was
          }
          if (e.status !== 'draft') {
            lockedContent ??= content(e);
            expect(content(e)).toEqual(lockedContent);
          }
        }
        if (lockedContent !== undefined) expect(e.status).not.toBe('draft');
      }),
    );
  });

  it('status only ever moves forward along the workflow', () => {
    const rank = { draft: 0, submitted: 1, discussed: 2, decided: 3 } as const;
    fc.assert(
      fc.property(fc.array(commandArb, { maxLength: 15 }), (commands) => {
        let e = readyDraft();
        for (const c of commands) {
          const before = rank[e.status];
          try {
            e = applyEvaluationCommand(e, c, at('2023-10-01T12:00:00Z'));
          } catch {
            continue;
          }
          expect(rank[e.status] - before).toBeGreaterThanOrEqual(0);
          expect(rank[e.status] - before).toBeLessThanOrEqual(1);
        }
      }),
    );
  });
});

describe('spreading within the region (seed 001 §7)', () => {
  const at = (now: string) => ctx(now, 'ssu');
  const discussed = (): Evaluation => {
    const submitted = applyEvaluationCommand(readyDraft(), { type: 'submit' }, at('2023-09-01T12:00:00Z'));
    return applyEvaluationCommand(submitted, { type: 'record-discussion', date: '2023-09-14', meetingId: 'm' }, at('2023-09-15T12:00:00Z'));
  };
  const decide = (clusterIds: string[]): Evaluation =>
    applyEvaluationCommand(discussed(), { type: 'decide', recommendation: { kind: 'spread-to-clusters', clusterIds }, justification: 'Godt', decidedOn: '2023-09-14', clusters: CLUSTERS }, at('2023-09-15T12:00:00Z'));

  // Seed 001 §7: SSU skal "indstille veldokumenterede tiltag til udbredelse på tværs af klynger eller på nationalt niveau".
  it('refuses a spread naming a cluster of another region, pointing to the national recommendation', () => {
    expect(() => decide([KLYNGE_BY, KLYNGE_NORD_NJ])).toThrowError(
      expect.objectContaining({
        code: 'evaluation.cluster-outside-region',
        message: 'Klynge Nord (Region Nordjylland) ligger i en anden region. Sundhedssamarbejdsudvalget kan kun anbefale udbredelse til klynger i egen region – vælg "Anbefales udbredt nationalt" for at nå andre regioner.',
      }),
    );
  });

  it('refuses an unknown cluster and accepts the region’s own clusters', () => {
    expect(() => decide(['findes-ikke'])).toThrowError(expect.objectContaining({ code: 'evaluation.unknown-cluster', message: 'Klyngen "findes-ikke" findes ikke.' }));
    expect(decide([KLYNGE_BY]).decision?.recommendation).toEqual({ kind: 'spread-to-clusters', clusterIds: [KLYNGE_BY] });
  });
});

describe('history entered afterwards', () => {
  // Issue 15 point 6: 2022's SSU discussions are entered after the fact with their real dates.
  it('lets a discussion and decision predate the submission when entered afterwards, and marks them so', () => {
    const submitted = applyEvaluationCommand(readyDraft(), { type: 'submit' }, ctx('2024-01-10T12:00:00Z'));
    expect(() => applyEvaluationCommand(submitted, { type: 'record-discussion', date: '2022-11-24', meetingId: 'm' }, ctx('2024-01-10T12:00:00Z'))).toThrowError(
      expect.objectContaining({ code: 'evaluation.discussed-before-submitted' }),
    );
    const discussed = applyEvaluationCommand(submitted, { type: 'record-discussion', date: '2022-11-24', meetingId: 'm', enteredAfterwards: true }, ctx('2024-01-10T12:00:00Z', 'admin'));
    expect(discussed.discussion).toEqual({ date: '2022-11-24', meetingId: 'm', enteredAfterwards: true });
    const decidedAfterwards = applyEvaluationCommand(
      discussed,
      { type: 'decide', recommendation: { kind: 'national' }, justification: 'Referat 24.11.2022', decidedOn: '2022-11-24', clusters: CLUSTERS, enteredAfterwards: true },
      ctx('2024-01-10T12:05:00Z', 'admin'),
    );
    expect(decidedAfterwards.decision).toEqual({ recommendation: { kind: 'national' }, justification: 'Referat 24.11.2022', decidedOn: '2022-11-24', enteredAfterwards: true });
    // Still never in the future.
    expect(() => applyEvaluationCommand(submitted, { type: 'record-discussion', date: '2024-02-01', meetingId: 'm', enteredAfterwards: true }, ctx('2024-01-10T12:00:00Z'))).toThrowError(
      expect.objectContaining({ code: 'evaluation.discussion-in-future' }),
    );
  });
});

