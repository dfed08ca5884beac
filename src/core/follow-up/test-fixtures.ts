import { isoDate } from '../calendar.ts';
import { composeGuide, emptyLayer, reviseLayer, type Answers, type GuideLayer } from './evaluation-guide.ts';
import { applyEvaluationCommand, openEvaluation, type ClusterDirectory, type Evaluation, type EvaluationCommand, type Recommendation } from './evaluation.ts';

/** Shared test data for the follow-up tests (not used by production code). */

export const REGION_H = '1084';
export const KLYNGE_SYD = 'hovedstaden-syd';
export const KLYNGE_BY = 'hovedstaden-by';
export const KLYNGE_NORD_H = 'hovedstaden-nord';
export const KLYNGE_NORD_NJ = 'nordjylland-nord';

/** The clusters the spread tests name, with their regions (a slice of the register). */
export const CLUSTERS: ClusterDirectory = {
  [KLYNGE_SYD]: { regionId: REGION_H, name: 'Klynge Syd (Region Hovedstaden)' },
  [KLYNGE_BY]: { regionId: REGION_H, name: 'Klynge By (Region Hovedstaden)' },
  [KLYNGE_NORD_H]: { regionId: REGION_H, name: 'Klynge Nord (Region Hovedstaden)' },
  [KLYNGE_NORD_NJ]: { regionId: '1081', name: 'Klynge Nord (Region Nordjylland)' },
};

export const ssuLayerV1: GuideLayer = reviseLayer(emptyLayer({ kind: 'ssu', regionId: REGION_H }), [
  { key: 'citizens-reached', text: 'Hvor mange borgere har indsatsen nået?', type: 'number', required: true },
]);

export const completeStandardAnswers: Answers = {
  'standard/challenge': 'Genindlæggelser af ældre medicinske borgere',
  'standard/success-criteria': 'Færre genindlæggelser inden for 30 dage',
  'standard/measurement-method': 'Udtræk fra LPR sammenholdt med kommunale data',
  'standard/measurement-timing': 'Efter 6 og 12 måneder',
  'standard/follow-up-responsible': 'Kommune',
};

export const ctx = (now: string, actor = 'sekretariat@klyngesyd'): { now: string; actor: string } => ({ now, actor });

/** A Klynge Syd evaluation with plan, answers and conclusion, still a draft. */
export function readyDraft(id = 'ev-1', initiativeId = 'ini-1'): Evaluation {
  const guide = composeGuide({ regionId: REGION_H, clusterId: KLYNGE_SYD }, ssuLayerV1);
  const commands: EvaluationCommand[] = [
    {
      type: 'set-plan',
      criteria: [
        { id: 'k1', description: 'Færre genindlæggelser', measure: 'Andel genindlagt inden for 30 dage', target: '-20 %', measurementDates: [isoDate('2023-12-31'), isoDate('2023-06-30')] },
      ],
    },
    { type: 'record-result', criterionId: 'k1', measuredOn: '2023-06-30', value: '-12 %' },
    { type: 'answer', answers: { ...completeStandardAnswers, 'ssu-1084/citizens-reached': 412 } },
    { type: 'set-conclusion', conclusion: 'Indsatsen virker og bør fortsætte.' },
  ];
  return commands.reduce((e, c) => applyEvaluationCommand(e, c, ctx('2023-07-01T09:00:00Z')), openEvaluation({ id, initiativeId, clusterId: KLYNGE_SYD, regionId: REGION_H, guide }));
}

/** The ready draft taken through submission, discussion and the given SSU decision. */
export function decided(recommendation: Recommendation, id = 'ev-1', initiativeId = 'ini-1'): Evaluation {
  const steps: [EvaluationCommand, string][] = [
    [{ type: 'submit' }, '2023-08-01T12:00:00Z'],
    [{ type: 'record-discussion', date: '2023-09-14', meetingId: 'ssu-h-2023-3' }, '2023-09-15T08:00:00Z'],
    [{ type: 'decide', recommendation, justification: 'Veldokumenteret effekt.', decidedOn: '2023-09-14', clusters: CLUSTERS }, '2023-09-15T08:05:00Z'],
  ];
  return steps.reduce((e, [c, now]) => applyEvaluationCommand(e, c, ctx(now, 'ssu-sekretariat')), readyDraft(id, initiativeId));
}
