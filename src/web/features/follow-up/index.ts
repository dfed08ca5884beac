/** What other features may use of the follow-up feature (the SSU screen lists evaluations, edits the guide). */
export { EvaluationsTable, type EvaluationSummary } from './EvaluationsTable.tsx';
export { GuideEditor } from './FollowUp.tsx';
