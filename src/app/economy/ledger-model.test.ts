import fc from 'fast-check';
import type { ControlledTransaction, Kysely } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { isDomainError } from '../../core/errors.ts';
import { ore } from '../../core/money.ts';
import { SYSTEM_ACTOR } from '../../infra/audit/audit.ts';
import type { Schema } from '../../infra/db/schema.ts';
import { describeEachDatabase } from '../../infra/db/testing.ts';
import { seedDatabase } from '../seed.ts';
import { approve, closeClusterYear, correctActual, createSettlement, economyView, proposeInitiative, recordActuals, recordCommitment, reopenClusterYear, reverseSettlement } from './service.ts';

/**
 * The ledger's laws as a model-based property test (issue 9): random sequences of actuals,
 * corrections, settlements, reversals, commitments, year ends and reopenings run against the real
 * services on a real database, next to a small model that predicts which calls are refused. After
 * every step, for the cluster-year:
 * - runs in force never overlap (no month settled twice);
 * - every run settles exactly the common-funds actuals its period had when it was made, and a
 *   reversal is its run's exact opposite, so per party the obligations of all runs = those of the
 *   runs in force;
 * - each run's posting files net to its spending (Σ parties' net frame impact = spending);
 * - a closing creates and loses nothing: per party contributed = spent + unused, unused = carried +
 *   lapsed, and what is carried arrives in the next year.
 * Each run of commands happens in one transaction that is rolled back, each command in a savepoint.
 */

const CLUSTER = 'hovedstaden-syd';
const KR = 100;
const RUNS = Number(process.env['KLYNGE_MODEL_RUNS'] ?? 20);
/**
 * Seeds that once found a failure, kept as regression cases: the same seed and number of runs
 * generate the same sequences again ("Property failed after N tests" in fast-check's report).
 */
const REGRESSION_SEEDS: readonly { seed: number; runs: number; what: string }[] = [
  { seed: 973468576, runs: 8, what: 'two lines entered out of month order (the view lists by month, the ledger by entry)' },
];

interface Line { id: string; month: number; amount: number; funding: 'common' | 'own'; corrects: string | null }
interface Run { id: string; kind: 'settlement' | 'reversal'; from: number; to: number; reverses: string | null; settledCost: number }
interface Model { lines: Line[]; runs: Run[]; closed: boolean }
interface Real { trx: ControlledTransaction<Schema>; initiativeId: string }

interface ViewRun { id: string; kind: string; from: string; to: string; inForce: boolean; obligations: { payer: string; amountOre: number }[]; files: { party: string; controlTotalOre: number }[] }
interface View {
  settlements: ViewRun[];
  actuals: { id: string; amountOre: number; period: string; funding: string }[];
  state: { status: string; closing?: { rows: { party: string; contributed: number; spent: number; unused: number; carriedForward: number; lapsed: number }[] } };
  funds: { parties: { party: string; carriedIn: number }[] };
}

const month = (m: number): string => `2022-${String(m).padStart(2, '0')}`;
const inForce = (model: Model): Run[] => model.runs.filter((r) => r.kind === 'settlement' && !model.runs.some((x) => x.reverses === r.id));
const commonIn = (model: Model, from: number, to: number): number => model.lines.filter((l) => l.funding === 'common' && l.month >= from && l.month <= to).reduce((s, l) => s + l.amount, 0);

/** Runs a service call in a savepoint: 'ok' with its value, or the domain error's code (rolled back). */
async function attempt<T>(real: Real, call: (db: Kysely<Schema>) => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; code: string }> {
  const sp = await real.trx.savepoint('step').execute();
  try {
    const value = await call(sp);
    await sp.releaseSavepoint('step').execute();
    return { ok: true, value };
  } catch (e) {
    await sp.rollbackToSavepoint('step').execute();
    if (isDomainError(e)) return { ok: false, code: e.code };
    throw e;
  }
}

async function view(real: Real, year = 2022): Promise<View> {
  return (await economyView(real.trx, CLUSTER, year)) as unknown as View;
}

/** The laws, checked against the database after every command. */
async function checkLaws(model: Model, real: Real): Promise<void> {
  const v = await view(real);
  const runs = v.settlements;
  const force = runs.filter((r) => r.inForce);
  // No month settled twice.
  const months = force.flatMap((r) => {
    const a = Number(r.from.slice(5));
    const b = Number(r.to.slice(5));
    return Array.from({ length: b - a + 1 }, (_, i) => a + i);
  });
  expect(new Set(months).size).toBe(months.length);
  // Each run settles what the model recorded; each run's files net to its spending.
  for (const r of runs) {
    const m = model.runs.find((x) => x.id === r.id);
    expect(m, `run ${r.id} in the model`).toBeDefined();
    const files = r.files.reduce((s, f) => s + f.controlTotalOre, 0);
    expect(files).toBe(m?.settledCost);
  }
  // Per payer, all runs (reversals included) = the runs in force.
  const payers = new Set(runs.flatMap((r) => r.obligations.map((o) => o.payer)));
  for (const p of payers) {
    const all = runs.reduce((s, r) => s + r.obligations.filter((o) => o.payer === p).reduce((a, o) => a + o.amountOre, 0), 0);
    const kept = force.reduce((s, r) => s + r.obligations.filter((o) => o.payer === p).reduce((a, o) => a + o.amountOre, 0), 0);
    expect(all).toBe(kept);
  }
  // Actuals are never lost or changed: the stored lines are the model's (the view lists them by month).
  const byId = (a: { id: string }, b: { id: string }): number => Number(a.id) - Number(b.id);
  expect([...v.actuals].sort(byId).map((a) => [a.id, a.amountOre])).toEqual([...model.lines].sort(byId).map((l) => [l.id, l.amount]));
  // Year end: nothing created or lost.
  expect(v.state.status).toBe(model.closed ? 'closed' : 'open');
  const closing = v.state.closing;
  if (model.closed && closing) {
    for (const row of closing.rows) {
      expect(row.contributed - row.spent).toBe(row.unused);
      expect(row.carriedForward + row.lapsed).toBe(Math.max(row.unused, 0));
    }
    const next = await view(real, 2023);
    for (const row of closing.rows) expect(next.funds.parties.find((p) => p.party === row.party)?.carriedIn ?? 0).toBe(Math.max(row.carriedForward, 0));
  }
}

async function newestLineId(real: Real): Promise<string> {
  const ids = (await view(real)).actuals.map((a) => Number(a.id));
  return String(Math.max(...ids));
}

type Cmd = fc.AsyncCommand<Model, Real>;
const cmd = (name: string, check: (m: Readonly<Model>) => boolean, run: (m: Model, r: Real) => Promise<void>): Cmd => ({
  check,
  run: async (m, r) => {
    await run(m, r);
    await checkLaws(m, r);
  },
  toString: () => name,
});

const addActual = fc.record({ month: fc.integer({ min: 1, max: 12 }), kr: fc.integer({ min: -50_000, max: 250_000 }).filter((x) => x !== 0), own: fc.boolean() }).map(({ month: mo, kr, own }) =>
  cmd(`actual ${month(mo)} ${String(kr)} kr.${own ? ' (egne)' : ''}`, () => true, async (m, r) => {
    const res = await attempt(r, (db) => recordActuals(db, SYSTEM_ACTOR, CLUSTER, [{ initiativeId: r.initiativeId, party: '101', period: month(mo), amountOre: kr * KR, category: 'Udvikling', funding: own ? 'Egne midler' : 'Fælles midler', text: 'model' }]));
    expect(res.ok ? 'ok' : res.code).toBe(m.closed ? 'year.closed' : 'ok');
    if (res.ok) m.lines.push({ id: await newestLineId(r), month: mo, amount: kr * KR, funding: own ? 'own' : 'common', corrects: null });
  }),
);

const correct = fc.record({ pick: fc.nat(), kr: fc.integer({ min: -10_000, max: 100_000 }) }).map(({ pick, kr }) =>
  cmd(`correct line #${String(pick)} to ${String(kr)} kr.`, (m) => m.lines.length > 0, async (m, r) => {
    const originals = m.lines.filter((l) => l.corrects === null);
    const line = originals[pick % originals.length];
    if (!line) return;
    // A line's amount now: the original plus every correction of it.
    const current = line.amount + m.lines.filter((l) => l.corrects === line.id).reduce((s, l) => s + l.amount, 0);
    const res = await attempt(r, (db) => correctActual(db, SYSTEM_ACTOR, CLUSTER, Number(line.id), { amountOre: kr * KR, text: 'model' }));
    expect(res.ok ? 'ok' : res.code).toBe(m.closed ? 'year.closed' : current === kr * KR ? 'actuals.correction-none' : 'ok');
    if (res.ok) m.lines.push({ id: await newestLineId(r), month: line.month, amount: kr * KR - current, funding: line.funding, corrects: line.id });
  }),
);

const settle = fc.record({ a: fc.integer({ min: 1, max: 12 }), b: fc.integer({ min: 1, max: 12 }) }).map(({ a, b }) => {
  const from = Math.min(a, b);
  const to = Math.max(a, b);
  return cmd(`settle ${month(from)}–${month(to)}`, () => true, async (m, r) => {
    const res = await attempt(r, (db) => createSettlement(db, SYSTEM_ACTOR, CLUSTER, { from: month(from), to: month(to), overspendReason: 'model' }));
    const same = inForce(m).find((x) => x.from === from && x.to === to);
    const overlap = inForce(m).some((x) => x.from <= to && from <= x.to);
    const cost = commonIn(m, from, to);
    const expected = m.closed ? 'year.closed' : same ? 'existing' : overlap ? 'conflict.settlement-overlap' : cost === 0 ? 'settlement.nothing' : 'ok';
    expect(res.ok ? (res.value.existing ? 'existing' : 'ok') : res.code).toBe(expected);
    if (res.ok && !res.value.existing) m.runs.push({ id: res.value.id, kind: 'settlement', from, to, reverses: null, settledCost: cost });
  });
});

const reverse = fc.nat().map((pick) =>
  cmd(`reverse run #${String(pick)}`, (m) => m.runs.length > 0, async (m, r) => {
    const run = m.runs[pick % m.runs.length];
    if (!run) return;
    const res = await attempt(r, (db) => reverseSettlement(db, SYSTEM_ACTOR, Number(run.id), 'model'));
    const reversed = m.runs.some((x) => x.reverses === run.id);
    const expected = m.closed ? 'year.closed' : run.kind === 'reversal' ? 'settlement.reverse-reversal' : reversed ? 'conflict.settlement-reversed' : 'ok';
    expect(res.ok ? 'ok' : res.code).toBe(expected);
    if (res.ok) m.runs.push({ id: res.value.id, kind: 'reversal', from: run.from, to: run.to, reverses: run.id, settledCost: -run.settledCost });
  }),
);

const commit = fc.record({ party: fc.constantFrom('101', '167', '1084'), kr: fc.integer({ min: 0, max: 300_000 }) }).map(({ party, kr }) =>
  cmd(`commitment ${party} ${String(kr)} kr.`, () => true, async (m, r) => {
    const res = await attempt(r, (db) => recordCommitment(db, SYSTEM_ACTOR, CLUSTER, 2022, party, kr * KR));
    expect(res.ok ? 'ok' : res.code).toBe(m.closed ? 'year.closed' : 'ok');
  }),
);

const close = fc.constant(
  cmd('close 2022', () => true, async (m, r) => {
    const res = await attempt(r, (db) => closeClusterYear(db, SYSTEM_ACTOR, CLUSTER, 2022, new Date('2023-01-10T09:00:00Z')));
    expect(res.ok ? 'ok' : res.code).toBe(m.closed ? 'year.already-closed' : 'ok');
    if (res.ok) m.closed = true;
  }),
);

const reopen = fc.constant(
  cmd('reopen 2022', (m) => m.closed, async (m, r) => {
    const res = await attempt(r, (db) => reopenClusterYear(db, SYSTEM_ACTOR, CLUSTER, 2022, new Date('2023-01-11T09:00:00Z')));
    expect(res.ok ? 'ok' : res.code).toBe('ok');
    m.closed = false;
  }),
);

const commands = fc.commands([addActual, addActual, correct, settle, settle, reverse, commit, close, reopen], { maxCommands: 25 });

describeEachDatabase('the settlement ledger as a model (issue 9)', (getDb) => {
  let initiativeId = '';
  beforeAll(async () => {
    const db = getDb().kysely;
    await seedDatabase(db);
    // Seed 002's shares: København executes; København, Hvidovre and the region pay a third each.
    const i = await proposeInitiative(db, SYSTEM_ACTOR, CLUSTER, {
      title: 'Model',
      description: '',
      targetGroup: 'acute',
      startPeriod: '2022-01',
      endPeriod: '2022-12',
      executingParties: ['101'],
      agreedShares: { shares: [{ party: '101', basis: { num: 1n, den: 1n } }, { party: '167', basis: { num: 1n, den: 1n } }, { party: '1084', basis: { num: 1n, den: 1n } }], decisionReference: 'Model' },
      forecast: { lines: [{ kind: 'other', id: 'l1', year: 2022, description: 'Model', category: 'development', funding: 'common', party: '101', amount: ore(1_000_000 * KR) }] },
    });
    await approve(db, SYSTEM_ACTOR, i.id, i.version, { date: '2022-01-05', level: 'political', meetingReference: 'Model' });
    initiativeId = i.id;
  });

  const property = (): fc.IAsyncProperty<[Iterable<Cmd>]> =>
    fc.asyncProperty(commands, async (cmds) => {
      const trx = await getDb().kysely.startTransaction().execute();
      try {
        await fc.asyncModelRun(() => ({ model: { lines: [], runs: [], closed: false }, real: { trx, initiativeId } }), cmds);
      } finally {
        await trx.rollback().execute();
      }
    });

  it(`holds the ledger's laws over ${String(RUNS)} random sequences of up to 25 steps`, async () => {
    await fc.assert(property(), { numRuns: RUNS });
  });

  for (const { seed, runs, what } of REGRESSION_SEEDS) {
    it(`holds for regression seed ${String(seed)}: ${what}`, async () => {
      await fc.assert(property(), { seed, numRuns: runs });
    });
  }
});
