import { z } from 'zod';
import type { BudgetVsActualRow } from '../../../core/economy/actuals.ts';
import type { CarryForwardRow, YearClosing } from '../../../core/economy/carry-forward.ts';
import type { CostLine, ForecastDifference } from '../../../core/economy/forecast.ts';
import type { FundsView } from '../../../core/economy/funds.ts';
import type { Initiative } from '../../../core/economy/initiative.ts';
import type { Overspend } from '../../../core/economy/ledger.ts';
import type { EconomyParty } from '../../../core/economy/parties.ts';
import type { PeriodSettlement } from '../../../core/economy/period-settlement.ts';
import type { FundsBasisStatus, MidYearRule } from '../../../core/economy/funds-basis.ts';
import type { TabelMark } from '../../../core/register.ts';
import type { StoredInitiative } from '../../../app/economy/index.ts';
import { fractionSchema, intSchema, oreSchema, type ApiJson, type Fits } from './common.ts';

/** The cluster economy's answers (routes/economy.ts, routes/funds-basis.ts). Every amount in øre. */

const initiativeStatus = z.enum(['proposed', 'approved', 'running', 'ended', 'evaluated', 'rejected', 'stopped']);
const targetGroup = z.enum(['chronic-illness', 'acute', 'mental-illness', 'young-mental-wellbeing', 'vulnerable-elderly', 'other']);
const costCategory = z.enum(['development', 'trial', 'administration', 'secretariat', 'operations', 'implementation']);
const funding = z.enum(['common', 'own']);
const partyKind = z.enum(['municipality', 'region']);

export const economyPartySchema = z.object({ id: z.string(), name: z.string(), kind: partyKind });

const fundsRow = z.object({ party: z.string(), contribution: oreSchema, extraLocal: oreSchema, carriedIn: oreSchema, available: oreSchema, committed: oreSchema, spent: oreSchema, remaining: oreSchema });
const fundsView = z.object({ year: intSchema, parties: z.array(fundsRow), cluster: fundsRow });

const budgetRow = z.object({ initiativeId: z.string(), title: z.string(), budgetCommon: oreSchema, budgetOwn: oreSchema, actualCommon: oreSchema, actualOwn: oreSchema, differenceCommon: oreSchema });

const ceilingCommitment = z.object({ party: z.string(), amount: oreSchema, recordedBy: z.string(), recordedAt: z.string() });
const closingAmounts = z.object({ contributed: oreSchema, spent: oreSchema, unused: oreSchema, carriedForward: oreSchema, lapsed: oreSchema });
const carryForwardRow = closingAmounts.extend({ party: z.string(), commitment: ceilingCommitment.optional() });
const yearClosing = z.object({ year: intSchema, closedBy: z.string(), closedAt: z.string(), rows: z.array(carryForwardRow) });

/** An initiative's forecast for one year: common and own funds. (Per-party maps are not sent.) */
const forecastYearTotal = z.object({ year: intSchema, common: oreSchema, own: oreSchema, total: oreSchema });

const obligation = z.object({ payer: z.string(), executing: z.string(), amountOre: oreSchema });

const settlementRun = z.object({
  id: z.string(),
  kind: z.enum(['settlement', 'reversal']),
  from: z.string(),
  to: z.string(),
  reversesId: z.string().nullable(),
  reason: z.string().nullable(),
  overspendReason: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  inForce: z.boolean(),
  reversedBy: z.string().nullable(),
  obligations: z.array(obligation),
  files: z.array(z.object({ party: z.string(), partyName: z.string(), lineCount: intSchema, controlTotalOre: oreSchema })),
  /** Lines entered after the run for months it settled (they wait for a reversal and a new run). */
  unsettledLines: intSchema,
});

const actualLine = z.object({
  id: z.string(),
  source: z.enum(['typed', 'csv', 'workbook']),
  correctsId: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  initiativeId: z.string(),
  initiative: z.string(),
  party: z.string(),
  period: z.string(),
  amountOre: oreSchema,
  category: costCategory,
  funding,
  text: z.string(),
});

const overspend = z.object({ initiativeId: z.string(), title: z.string(), year: intSchema, approved: oreSchema, spent: oreSchema, over: oreSchema, text: z.string() });

/** GET /api/clusters/:clusterId/economy/:year (and the writes that answer with the view). */
export const economyViewSchema = z.object({
  clusterId: z.string(),
  cluster: z.string(),
  regionCode: z.string(),
  year: intSchema,
  /** Every register year of the cluster. */
  years: z.array(intSchema),
  allocated: z.boolean(),
  parties: z.array(economyPartySchema),
  funds: fundsView,
  extraLocalFunds: z.array(z.object({ party: z.string(), amount: oreSchema, decisionReference: z.string() })),
  carriedIn: z.array(z.object({ party: z.string(), amount: oreSchema })),
  budgetVsActual: z.object({ rows: z.array(budgetRow), total: budgetRow }),
  state: z.discriminatedUnion('status', [
    z.object({ status: z.literal('open') }),
    z.object({ status: z.literal('closed'), closing: yearClosing, totals: closingAmounts, lines: z.array(z.string()) }),
  ]),
  commitments: z.array(z.object({ party: z.string(), amountOre: oreSchema, recordedBy: z.string(), recordedAt: z.string() })),
  initiatives: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      status: initiativeStatus,
      targetGroup,
      startPeriod: z.string(),
      endPeriod: z.string(),
      version: intSchema,
      forecastTotalOre: oreSchema,
      /** Null without payer shares for the year (no allocation yet). */
      totals: z.array(forecastYearTotal).nullable(),
    }),
  ),
  settlements: z.array(settlementRun),
  actuals: z.array(actualLine),
  overspending: z.array(overspend),
  overdrawn: z.array(z.object({ party: z.string(), remaining: oreSchema, text: z.string() })),
  /** The cluster-year's version (for closing), null before anything was recorded for the year. */
  stateVersion: intSchema.nullable(),
  labels: z.object({ status: z.record(initiativeStatus, z.string()), targetGroup: z.record(targetGroup, z.string()), category: z.record(costCategory, z.string()), funding: z.record(funding, z.string()) }),
});

const costLineBase = { id: z.string(), year: intSchema, description: z.string(), category: costCategory, funding, party: z.string() };
const costLine = z.discriminatedUnion('kind', [
  z.object({ ...costLineBase, kind: z.literal('salary'), annualSalary: oreSchema, fteShare: fractionSchema, months: fractionSchema }),
  z.object({ ...costLineBase, kind: z.literal('hourly'), hourlyRate: oreSchema, hours: fractionSchema, rateAgreement: z.string() }),
  z.object({ ...costLineBase, kind: z.literal('other'), amount: oreSchema }),
]);
const explained = { costOre: oreSchema, explanation: z.string(), barredReason: z.string().nullable() };
const explainedCostLine = z.discriminatedUnion('kind', [costLine.options[0].extend(explained), costLine.options[1].extend(explained), costLine.options[2].extend(explained)]);
const forecast = z.object({ lines: z.array(costLine) });

const forecastDifference = z.object({
  lines: z.array(z.object({ id: z.string(), description: z.string(), year: intSchema, change: z.enum(['added', 'removed', 'changed', 'unchanged']), approved: oreSchema, current: oreSchema, difference: oreSchema })),
  years: z.array(z.object({ year: intSchema, approved: oreSchema, current: oreSchema, difference: oreSchema })),
  approvedTotal: oreSchema,
  currentTotal: oreSchema,
  difference: oreSchema,
});

/** A stored initiative as sent: its record (version, who/when) and the domain initiative's fields. */
const storedInitiative = z.object({
  id: z.string(),
  clusterId: z.string(),
  regionCode: z.string(),
  originInitiativeId: z.string().nullable(),
  version: intSchema,
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
  number: intSchema.optional(),
  title: z.string(),
  description: z.string(),
  targetGroup,
  otherTargetGroup: z.string().optional(),
  startPeriod: z.string(),
  endPeriod: z.string(),
  executingParties: z.array(z.string()),
  agreedShares: z.object({ shares: z.array(z.object({ party: z.string(), basis: fractionSchema })), decisionReference: z.string() }).optional(),
  status: initiativeStatus,
  approval: z.object({ date: z.string(), level: z.enum(['political', 'professional']), meetingReference: z.string() }).optional(),
  forecast,
  approvedForecast: forecast.optional(),
  posting: z.object({ municipalFunction: z.string().optional(), municipalFunctionByYear: z.record(z.string(), z.string()).optional(), regionalAccount: z.string().optional() }).optional(),
});

/** GET /api/initiatives/:id (and the writes on an initiative). */
export const initiativeViewSchema = storedInitiative.extend({
  /** The current forecast's lines, each with its cost, how it is computed, and why common funds may not pay it. */
  lines: z.array(explainedCostLine),
  totalsByYear: z.array(z.object({ year: intSchema, totals: z.array(forecastYearTotal).nullable() })),
  /** What changed since approval; null before approval. */
  difference: forecastDifference.nullable(),
  parties: z.array(economyPartySchema),
  origin: z.object({ id: z.string(), clusterId: z.string(), title: z.string() }).nullable(),
  adoptedBy: z.array(z.object({ id: z.string(), clusterId: z.string(), title: z.string() })),
});

const postingPurpose = z.enum(['own-expense', 'payment-to-municipality', 'payment-to-region', 'income-from-municipality', 'income-from-region']);
const accountSystem = z.enum(['kommunal', 'regional']);
const periodSettlement = z.object({
  period: z.object({ from: z.string(), to: z.string() }),
  settlements: z.array(
    z.object({
      initiativeId: z.string(),
      executing: z.string(),
      settlement: z.object({
        cost: oreSchema,
        executing: z.string(),
        parties: z.array(z.object({ party: z.string(), kind: partyKind, role: z.enum(['executing', 'paying']), share: fractionSchema, shareOre: oreSchema, incomeOre: oreSchema, expenseOre: oreSchema, netOre: oreSchema })),
        postings: z.array(
          z.object({
            party: z.string(),
            accountSystem,
            function: z.string(),
            dranst: z.string(),
            art: z.string(),
            artText: z.string(),
            artSource: z.string(),
            purpose: postingPurpose,
            amountOre: oreSchema,
            counterparty: z.string().nullable(),
            text: z.string(),
          }),
        ),
      }),
    }),
  ),
  obligations: z.array(obligation),
  files: z.array(
    z.object({
      party: z.string(),
      lines: z.array(
        z.object({
          party: z.string(),
          partyName: z.string(),
          accountSystem,
          account: z.string(),
          mainAccount: z.string(),
          mainFunction: z.string(),
          function: z.string(),
          dranst: z.string(),
          art: z.string(),
          artText: z.string(),
          artSource: z.string(),
          purpose: postingPurpose,
          amountOre: oreSchema,
          counterparty: z.string(),
          counterpartyName: z.string(),
          initiativeId: z.string(),
          initiativeNumber: z.string(),
          initiativeTitle: z.string(),
          period: z.string(),
          text: z.string(),
        }),
      ),
      /** Kontrolsum: the sum of the file's amounts. */
      controlTotalOre: oreSchema,
      lineCount: intSchema,
    }),
  ),
  clusterName: z.string().optional(),
});

/** POST /api/clusters/:clusterId/settlements: the new run (201) or the one already made for the period (200). */
export const createdSettlementSchema = z.object({ id: z.string(), existing: z.boolean(), clusterId: z.string(), settlement: periodSettlement });
/** POST /api/settlements/:id/reverse */
export const reversalSchema = z.object({ id: z.string(), reverses: z.string(), settlement: periodSettlement });
/** GET /api/settlements/:id */
export const settlementSchema = z.object({
  id: z.string(),
  clusterId: z.string(),
  kind: z.enum(['settlement', 'reversal']),
  reversesId: z.string().nullable(),
  reason: z.string().nullable(),
  overspendReason: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
  settlement: periodSettlement,
});

const tabelMark = z.enum(['', '*', '**', '***']);
const midYearRule = z.enum(['months', 'whole-year']);
const fundsBasisStatus = z.enum(['not-allocated', 'computed', 'provisional', 'agreed-shares', 'published']);

/** GET/PUT /api/clusters/:clusterId/economy/:year/funds-basis (and a membership's validity). */
export const fundsBasisViewSchema = z.object({
  clusterId: z.string(),
  cluster: z.string(),
  year: intSchema,
  /** The decision's version (0: none recorded). */
  version: intSchema,
  updatedBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
  decisionKind: z.enum(['default', 'agreed-shares', 'published']).nullable(),
  closed: z.boolean(),
  status: fundsBasisStatus,
  label: z.string(),
  explanation: z.string(),
  warnings: z.array(z.string()),
  midYearRule,
  decisionReference: z.string().nullable(),
  runId: z.string().nullable(),
  allocatedOre: oreSchema.nullable(),
  computedTotalOre: oreSchema.nullable(),
  municipalOre: oreSchema.nullable(),
  regionalOre: oreSchema.nullable(),
  rows: z.array(
    z.object({
      party: z.string(),
      name: z.string(),
      kind: partyKind,
      mark: tabelMark,
      contributes: z.boolean(),
      fromMonth: intSchema,
      toMonth: intSchema,
      months: intSchema,
      amountOre: oreSchema,
      computedOre: oreSchema,
      deviationOre: oreSchema,
      basisText: z.string(),
      explanation: z.string(),
    }),
  ),
  members: z.array(z.object({ municipalityCode: z.string(), name: z.string(), mark: tabelMark, contributes: z.boolean(), fromMonth: intSchema, toMonth: intSchema, version: intSchema })),
  /** What adopting the published Tabel 1 would give (a preview); null without an allocation or Tabel 1 amounts. */
  published: z
    .object({
      source: z.string(),
      municipalOre: oreSchema,
      regionalOre: oreSchema,
      totalOre: oreSchema.nullable(),
      rows: z.array(z.object({ party: z.string(), name: z.string(), amountOre: oreSchema, computedOre: oreSchema, deviationOre: oreSchema })),
    })
    .nullable(),
});

/** The schemas accept what the views are built from (as toApiJson sends it). */
export type EconomyChecks = [
  Fits<typeof economyPartySchema, ApiJson<EconomyParty>>,
  Fits<typeof fundsView, ApiJson<FundsView>>,
  Fits<typeof budgetRow, ApiJson<BudgetVsActualRow>>,
  Fits<typeof yearClosing, ApiJson<YearClosing>>,
  Fits<typeof closingAmounts, ApiJson<Omit<CarryForwardRow, 'party' | 'commitment'>>>,
  Fits<typeof overspend, ApiJson<Overspend> & { text: string }>,
  Fits<typeof costLine, ApiJson<CostLine>>,
  Fits<typeof storedInitiative, ApiJson<Omit<StoredInitiative, 'initiative'> & Initiative>>,
  Fits<typeof forecastDifference, ApiJson<ForecastDifference>>,
  Fits<typeof periodSettlement, ApiJson<PeriodSettlement>>,
  Fits<typeof initiativeStatus, Initiative['status']>,
  Fits<typeof targetGroup, Initiative['targetGroup']>,
  Fits<typeof tabelMark, TabelMark>,
  Fits<typeof midYearRule, MidYearRule>,
  Fits<typeof fundsBasisStatus, FundsBasisStatus>,
];
