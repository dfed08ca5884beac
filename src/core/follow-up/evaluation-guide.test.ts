import { describe, expect, it } from 'vitest';
import { checkAnswers, composeGuide, emptyLayer, reviseLayer, STANDARD_QUESTIONS } from './evaluation-guide.ts';
import { applyEvaluationCommand, openEvaluation } from './evaluation.ts';
import { completeStandardAnswers, ctx, KLYNGE_BY, KLYNGE_SYD, REGION_H, ssuLayerV1 } from './test-fixtures.ts';

describe('evaluation guide', () => {
  it('always has the five questions of seed 002, worded as there, all required', () => {
    // Seed 002 ("Guide til opfølgning på sundhedsklynger"): "Relevante spørgsmål, når et projekt afsluttes".
    expect(STANDARD_QUESTIONS.map((q) => q.text)).toEqual([
      'Hvilken udfordring adresseres?',
      'Hvad er succeskriterierne?',
      'Hvordan måles succeskriterier/resultater af indsatsen?',
      'Hvornår måles resultaterne?',
      'Hvem er ansvarlig for opfølgningen (region eller kommune)?',
    ]);
    // By default every standard question must be answered.
    expect(STANDARD_QUESTIONS.every((q) => q.required)).toBe(true);
    expect(composeGuide({ regionId: REGION_H, clusterId: KLYNGE_SYD }).questions).toEqual(STANDARD_QUESTIONS);
  });

  it('puts the SSU questions (for every cluster in the region) and then the cluster questions after the standard ones', () => {
    const clusterLayer = reviseLayer(emptyLayer({ kind: 'cluster', clusterId: KLYNGE_SYD }), [
      { key: 'pilot-municipality', text: 'Hvilken kommune var pilot?', type: 'choice', required: false, choices: ['Hvidovre', 'Tårnby'] },
    ]);
    const syd = composeGuide({ regionId: REGION_H, clusterId: KLYNGE_SYD }, ssuLayerV1, clusterLayer);
    expect(syd.questions.map((q) => [q.id, q.origin])).toEqual([
      ...STANDARD_QUESTIONS.map((q) => [q.id, 'standard']),
      ['ssu-1084/citizens-reached', 'ssu'],
      [`cluster-${KLYNGE_SYD}/pilot-municipality`, 'cluster'],
    ]);
    expect([syd.ssuVersion, syd.clusterVersion]).toEqual([1, 1]);
    // Another cluster in the region gets the SSU's question but not Klynge Syd's own.
    const by = composeGuide({ regionId: REGION_H, clusterId: KLYNGE_BY }, ssuLayerV1);
    expect(by.questions.map((q) => q.id)).toContain('ssu-1084/citizens-reached');
    expect(() => composeGuide({ regionId: REGION_H, clusterId: KLYNGE_BY }, ssuLayerV1, clusterLayer)).toThrowError(
      expect.objectContaining({ code: 'guide.wrong-cluster' }),
    );
    expect(() => composeGuide({ regionId: '1085', clusterId: 'sj' }, ssuLayerV1)).toThrowError(expect.objectContaining({ code: 'guide.wrong-region' }));
  });

  it('keeps the questions an evaluation was answered against when the guide changes (v1 stays v1)', () => {
    const v1Guide = composeGuide({ regionId: REGION_H, clusterId: KLYNGE_SYD }, ssuLayerV1);
    let ev = openEvaluation({ id: 'e', initiativeId: 'i', clusterId: KLYNGE_SYD, regionId: REGION_H, guide: v1Guide });
    ev = applyEvaluationCommand(ev, { type: 'answer', answers: { 'ssu-1084/citizens-reached': 300 } }, ctx('2023-05-01T10:00:00Z'));

    // The SSU replaces its question by a different one (v2).
    const v2 = reviseLayer(ssuLayerV1, [{ key: 'patient-experience', text: 'Hvordan har patienterne oplevet indsatsen?', type: 'free-text', required: true }]);
    expect(v2.version).toBe(2);
    expect(ssuLayerV1.questions.map((q) => q.key)).toEqual(['citizens-reached']);

    expect(ev.guide.ssuVersion).toBe(1);
    expect(ev.guide.questions.map((q) => q.id)).toContain('ssu-1084/citizens-reached');
    expect(ev.guide.questions.map((q) => q.id)).not.toContain('ssu-1084/patient-experience');
    expect(ev.answers['ssu-1084/citizens-reached']).toBe(300);

    // A new evaluation opened now uses v2.
    const fresh = composeGuide({ regionId: REGION_H, clusterId: KLYNGE_SYD }, v2);
    expect(fresh.ssuVersion).toBe(2);

    // A draft may deliberately move to the new guide: answers to questions that still exist are kept.
    const moved = applyEvaluationCommand(
      applyEvaluationCommand(ev, { type: 'answer', answers: completeStandardAnswers }, ctx('2023-05-02T10:00:00Z')),
      { type: 'rebase-guide', guide: fresh },
      ctx('2023-05-03T10:00:00Z'),
    );
    expect(moved.guide.ssuVersion).toBe(2);
    expect(moved.answers).toEqual(completeStandardAnswers);
  });

  it('checks answers against the question types and required flags, reporting every problem', () => {
    const layer = reviseLayer(emptyLayer({ kind: 'cluster', clusterId: KLYNGE_SYD }), [
      { key: 'n', text: 'Antal', type: 'number', required: false },
      { key: 'd', text: 'Startdato', type: 'date', required: false },
      { key: 'c', text: 'Valg', type: 'choice', required: true, choices: ['Ja', 'Nej'] },
    ]);
    const g = composeGuide({ regionId: REGION_H, clusterId: KLYNGE_SYD }, undefined, layer);
    const p = `cluster-${KLYNGE_SYD}`;
    const issues = checkAnswers(g.questions, { [`${p}/n`]: 'mange', [`${p}/d`]: '2023-02-30', 'standard/follow-up-responsible': 7, nope: 'x' }, true);
    expect(issues.map((i) => [i.questionId, i.code])).toEqual([
      ['nope', 'unknown-question'],
      ['standard/challenge', 'required'],
      ['standard/success-criteria', 'required'],
      ['standard/measurement-method', 'required'],
      ['standard/measurement-timing', 'required'],
      ['standard/follow-up-responsible', 'not-a-choice'],
      [`${p}/n`, 'not-number'],
      [`${p}/d`, 'not-date'],
      [`${p}/c`, 'required'],
    ]);
    expect(issues.find((i) => i.code === 'not-a-choice')?.message).toBe(
      'Svaret på "Hvem er ansvarlig for opfølgningen (region eller kommune)?" skal være en af: Region, Kommune, Fælles (region og kommune) eller en anden tekst.',
    );
    // Incomplete but well-typed answers are fine while not requiring completeness.
    expect(checkAnswers(g.questions, { [`${p}/n`]: 3, [`${p}/d`]: '2024-02-29' }, false)).toEqual([]);
  });

  it.each([
    ['a choice question without options', [{ key: 'x', text: 'X', type: 'choice' as const, required: true }], 'guide.choices-missing'],
    ['options on a free-text question', [{ key: 'x', text: 'X', type: 'free-text' as const, required: true, choices: ['a', 'b'] }], 'guide.choices-not-allowed'],
    ['an empty text', [{ key: 'x', text: '  ', type: 'number' as const, required: true }], 'guide.empty-text'],
    ['a duplicate key', [{ key: 'x', text: 'X', type: 'number' as const, required: true }, { key: 'x', text: 'Y', type: 'date' as const, required: false }], 'guide.duplicate-key'],
    ['a key with spaces', [{ key: 'x y', text: 'X', type: 'number' as const, required: true }], 'guide.bad-key'],
  ])('refuses %s', (_label, questions, code) => {
    expect(() => reviseLayer(emptyLayer({ kind: 'ssu', regionId: REGION_H }), questions)).toThrowError(expect.objectContaining({ code }));
  });
});

describe('the guide as inspiration (seed 002)', () => {
  const syd = { regionId: REGION_H, clusterId: KLYNGE_SYD };

  // Seed 002: "Guide til opfølgning på sundhedsklynger … Guiden er til inspiration i klyngerne."
  it('lets the SSU and the cluster choose which standard questions are required (the cluster’s choice wins)', () => {
    const ssu = reviseLayer(emptyLayer({ kind: 'ssu', regionId: REGION_H }), [], { 'measurement-timing': false, 'follow-up-responsible': false });
    const own = reviseLayer(emptyLayer({ kind: 'cluster', clusterId: KLYNGE_SYD }), [], { 'follow-up-responsible': true });
    const g = composeGuide(syd, ssu, own);
    expect(g.questions.map((q) => [q.id, q.required])).toEqual([
      ['standard/challenge', true],
      ['standard/success-criteria', true],
      ['standard/measurement-method', true],
      ['standard/measurement-timing', false],
      ['standard/follow-up-responsible', true],
    ]);
    const answers = { ...completeStandardAnswers };
    delete (answers as Record<string, unknown>)['standard/measurement-timing'];
    expect(checkAnswers(g.questions, answers, true)).toEqual([]);
    expect(() => reviseLayer(ssu, [], { 'ikke-et-spoergsmaal': false })).toThrowError(expect.objectContaining({ code: 'guide.unknown-standard' }));
  });

  it('counts "ikke relevant" with a reason as an answer, but not without one', () => {
    const g = composeGuide(syd);
    const answers = { ...completeStandardAnswers };
    delete (answers as Record<string, unknown>)['standard/measurement-timing'];
    expect(checkAnswers(g.questions, answers, true, { 'standard/measurement-timing': 'Indsatsen blev stoppet før første måling' })).toEqual([]);
    expect(checkAnswers(g.questions, answers, true, { 'standard/measurement-timing': ' ' }).map((i) => i.code)).toEqual(['no-reason']);
  });

  // Seed 002: "Hvem er ansvarlig for opfølgningen (region eller kommune)?" — shared responsibility and other text are answers too.
  it('offers Region, Kommune and Fælles for question 5 and accepts free text', () => {
    const q5 = STANDARD_QUESTIONS.find((q) => q.key === 'follow-up-responsible');
    expect(q5?.choices).toEqual(['Region', 'Kommune', 'Fælles (region og kommune)']);
    const g = composeGuide(syd);
    for (const v of ['Fælles (region og kommune)', 'Hvidovre Kommune og Hvidovre Hospital i fællesskab']) {
      expect(checkAnswers(g.questions, { ...completeStandardAnswers, 'standard/follow-up-responsible': v }, true)).toEqual([]);
    }
  });

  // Seed 002: "kan derudover udvikle evalueringsguiden med yderligere spørgsmål eller specificeringer".
  it('places a specification right after the standard question it specifies', () => {
    const ssu = reviseLayer(emptyLayer({ kind: 'ssu', regionId: REGION_H }), [
      { key: 'criteria-data', text: 'Hvilke datakilder understøtter succeskriterierne?', type: 'free-text', required: false, specifies: 'success-criteria' },
      { key: 'citizens', text: 'Hvor mange borgere?', type: 'number', required: false },
    ]);
    const own = reviseLayer(emptyLayer({ kind: 'cluster', clusterId: KLYNGE_SYD }), [
      { key: 'municipal-contact', text: 'Hvem i kommunen følger op?', type: 'free-text', required: true, specifies: 'follow-up-responsible' },
    ]);
    const ids = composeGuide(syd, ssu, own).questions.map((q) => q.id);
    expect(ids).toEqual([
      'standard/challenge',
      'standard/success-criteria',
      'ssu-1084/criteria-data',
      'standard/measurement-method',
      'standard/measurement-timing',
      'standard/follow-up-responsible',
      `cluster-${KLYNGE_SYD}/municipal-contact`,
      'ssu-1084/citizens',
    ]);
    expect(() => reviseLayer(ssu, [{ key: 'x', text: 'X', type: 'free-text', required: false, specifies: 'budget' }])).toThrowError(expect.objectContaining({ code: 'guide.unknown-standard' }));
  });

  it('marks a question not relevant in an evaluation, and an answer given later replaces the mark', () => {
    const guide = composeGuide(syd);
    let ev = openEvaluation({ id: 'e', initiativeId: 'i', clusterId: KLYNGE_SYD, regionId: REGION_H, guide });
    expect(() => applyEvaluationCommand(ev, { type: 'mark-not-relevant', questionId: 'standard/measurement-timing', reason: '' }, ctx('2023-05-01T10:00:00Z'))).toThrowError(
      expect.objectContaining({ code: 'evaluation.not-relevant-no-reason' }),
    );
    ev = applyEvaluationCommand(ev, { type: 'mark-not-relevant', questionId: 'standard/measurement-timing', reason: 'Ingen måling' }, ctx('2023-05-01T10:00:00Z'));
    expect(ev.notRelevant).toEqual({ 'standard/measurement-timing': 'Ingen måling' });
    ev = applyEvaluationCommand(ev, { type: 'answer', answers: { 'standard/measurement-timing': 'Efter 6 måneder' } }, ctx('2023-05-02T10:00:00Z'));
    expect(ev.notRelevant).toEqual({});
  });
});

