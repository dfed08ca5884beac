/** What other features may use of the governance feature (an evaluation links a meeting and uploads files). */
export { Upload } from './Meeting.tsx';
export type { MeetingSummary } from './Governance.tsx';
