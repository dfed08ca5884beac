/** The economy API's answers as the screens read them. */

export interface Party { id: string; name: string; kind: string }
export interface FundsRow { party: string; contribution: number; extraLocal: number; carriedIn: number; available: number; committed: number; spent: number; remaining: number }
export interface EconomyData extends LedgerData {
  clusterId: string;
  cluster: string;
  year: number;
  allocated: boolean;
  parties: Party[];
  funds: { parties: FundsRow[]; cluster: FundsRow };
  initiatives: { id: string; title: string; status: string; forecastTotalOre: number; version: number }[];
  state: { status: 'open' } | { status: 'closed'; closing: { rows: { party: string; contributed: number; spent: number; unused: number; carriedForward: number; lapsed: number }[] }; lines: string[] };
  commitments: { party: string; amountOre: number; recordedBy: string; recordedAt: string }[];
  labels: { status: Record<string, string>; targetGroup: Record<string, string>; category: Record<string, string>; funding: Record<string, string> };
  budgetVsActual: { rows: BudgetRow[]; total: BudgetRow };
}
export interface BudgetRow { initiativeId: string; title: string; budgetCommon: number; budgetOwn: number; actualCommon: number; actualOwn: number; differenceCommon: number }
export interface Fraction { num: string; den: string }
export interface StoredLine {
  id: string;
  kind: 'salary' | 'hourly' | 'other';
  description: string;
  year: number;
  costOre: number;
  explanation: string;
  party: string;
  category: string;
  funding: string;
  annualSalary?: number;
  fteShare?: Fraction;
  months?: Fraction;
  hourlyRate?: number;
  hours?: Fraction;
  rateAgreement?: string;
  amount?: number;
}
export interface InitiativeData {
  id: string;
  title: string;
  status: string;
  version: number;
  executingParties: string[];
  startPeriod: string;
  endPeriod: string;
  lines: StoredLine[];
  difference: { lines: { id: string; description: string; year: number; change: string; approved: number; current: number; difference: number }[]; approvedTotal: number; currentTotal: number; difference: number } | null;
}
export interface SettlementData {
  id: string;
  existing: boolean;
  settlement: { obligations: { payer: string; executing: string; amountOre: number }[]; files: { party: string; controlTotalOre: number; lineCount: number }[] };
}

export interface LedgerRun {
  id: string;
  kind: 'settlement' | 'reversal';
  from: string;
  to: string;
  reversesId: string | null;
  reversedBy: string | null;
  inForce: boolean;
  reason: string | null;
  overspendReason: string | null;
  createdBy: string;
  createdAt: string;
  unsettledLines: number;
  obligations: { payer: string; executing: string; amountOre: number }[];
  files: { party: string; partyName: string; lineCount: number; controlTotalOre: number }[];
}
export interface LedgerActual {
  id: string;
  source: 'typed' | 'csv' | 'workbook';
  correctsId: string | null;
  createdBy: string;
  createdAt: string;
  initiative: string;
  party: string;
  period: string;
  amountOre: number;
  category: string;
  funding: string;
  text: string;
}
/** What of the economy view the ledger parts read. */
export interface LedgerData {
  clusterId: string;
  year: number;
  parties: { id: string; name: string }[];
  state: { status: 'open' | 'closed' };
  settlements: LedgerRun[];
  actuals: LedgerActual[];
  overspending: { initiativeId: string; text: string; title: string }[];
  overdrawn: { party: string; text: string }[];
  labels: { category: Record<string, string>; funding: Record<string, string> };
}

/** What the signed-in user may do in this cluster's economy (the server decides again). */
export interface Rights {
  /** The cluster's secretariat or an administrator: funds, initiatives, settlement, year end. */
  canEdit: boolean;
  admin: boolean;
  /** Finance officers record actuals and ceiling commitments too. */
  canRecord: boolean;
  canCorrect: (party: string) => boolean;
}
