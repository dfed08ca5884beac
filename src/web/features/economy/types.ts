import type { ApiResponse } from '../../lib/api.ts';

/** The economy API's answers, as generated from the server's schemas (`npm run gen:api`). */

export type EconomyData = ApiResponse<'/api/clusters/{clusterId}/economy/{year}'>;
export type Party = EconomyData['parties'][number];
export type FundsRow = EconomyData['funds']['cluster'];
export type BudgetRow = EconomyData['budgetVsActual']['total'];
export type InitiativeData = ApiResponse<'/api/initiatives/{id}'>;
/** A forecast line as stored, with its cost and explanation (a salary, hourly or other line). */
export type StoredLine = InitiativeData['lines'][number];
export type Fraction = Extract<StoredLine, { kind: 'salary' }>['fteShare'];
export type SettlementData = ApiResponse<'/api/clusters/{clusterId}/settlements', 'post'>;
export type LedgerRun = EconomyData['settlements'][number];
export type LedgerActual = EconomyData['actuals'][number];
/** What of the economy view the ledger parts read. */
export type LedgerData = Pick<EconomyData, 'clusterId' | 'year' | 'parties' | 'state' | 'settlements' | 'actuals' | 'overspending' | 'overdrawn' | 'labels'>;
export type FundsBasisData = ApiResponse<'/api/clusters/{clusterId}/economy/{year}/funds-basis'>;

/** What the signed-in user may do in this cluster's economy (the server decides again). */
export interface Rights {
  /** The cluster's secretariat or an administrator: funds, initiatives, settlement, year end. */
  canEdit: boolean;
  admin: boolean;
  /** Finance officers record actuals and ceiling commitments too. */
  canRecord: boolean;
  canCorrect: (party: string) => boolean;
}
