import type { Kysely } from 'kysely';
import { computeAllocationRun } from './allocation/index.ts';
import { kroner } from '../core/money.ts';
import { seedKeyFigures } from './key-figures/index.ts';
import { bundledPopulation } from './population/index.ts';
import { storedBasis } from './register/index.ts';
import { loadRegister, registerYears, yearManifest } from './register/index.ts';
import { recordChange, SYSTEM_ACTOR, type Actor } from '../infra/audit/audit.ts';
import { toJson, type Schema, type StoredRegionalKey } from '../infra/db/schema.ts';
import { inTransaction } from '../infra/db/unit-of-work.ts';

export interface SeedReport {
  /** False when the database already held a register (seeding never overwrites). */
  seeded: boolean;
  years: number[];
  populationPeriods: string[];
  /** Years whose allocation was computed and stored as the first run. */
  allocationRuns: number[];
  /** Years whose allocation waits for data (e.g. population not in the repository). */
  pending: { year: number; reason: string }[];
}

/**
 * Loads the domain core's reference data into an empty database: regions, municipalities,
 * clusters and memberships for every year in reference/years.json, the allocation model of each
 * year, the bundled population, and the first allocation run of each year whose population is
 * there. One transaction with one audit record; a database that already has a register is left
 * alone.
 */
export async function seedDatabase(db: Kysely<Schema>, actor: Actor = SYSTEM_ACTOR): Promise<SeedReport> {
  const years = registerYears();
  const seeded = await inTransaction(db, async (trx) => {
    const has = await trx.selectFrom('regions').select('code').limit(1).executeTakeFirst();
    if (has) return false;
    const first = loadRegister(years[0] ?? 2022);
    await trx.insertInto('regions').values(first.regions.map((r) => ({ code: r.code, name: r.name }))).execute();
    await trx.insertInto('municipalities').values(first.municipalities.map((m) => ({ code: m.code, name: m.name, region_code: m.regionCode }))).execute();
    const clusterIds = new Set<string>();
    const periods: string[] = [];
    for (const year of years) {
      const register = loadRegister(year);
      const newClusters = register.clusters.filter((c) => !clusterIds.has(c.id));
      if (newClusters.length > 0) {
        await trx
          .insertInto('clusters')
          .values(newClusters.map((c) => ({ id: c.id, region_code: c.regionCode, name: c.name, position: register.clusters.indexOf(c) + 1 })))
          .execute();
        newClusters.forEach((c) => clusterIds.add(c.id));
      }
      await trx
        .insertInto('memberships')
        .values(
          register.memberships.map((m) => ({
            year,
            cluster_id: m.clusterId,
            municipality_code: m.municipalityCode,
            political: m.political,
            administrative: m.administrative,
            common_funds_basis: toJson(storedBasis(m.basis['common-funds'])),
            secretariat_basis: toJson(storedBasis(m.basis.secretariat)),
            mark: m.mark,
            note: m.note,
            updated_by: actor.name,
          })),
        )
        .execute();
      const model = yearManifest(year).model;
      const key: StoredRegionalKey =
        model.regionalKey.kind === 'amounts'
          ? { kind: 'amounts', values: Object.fromEntries(Object.entries(model.regionalKey.values).map(([code, kr]) => [code, kroner(Number(kr))])) }
          : { kind: 'shares', values: Object.fromEntries(Object.entries(model.regionalKey.values).map(([code, share]) => [code, String(share)])) };
      await trx
        .insertInto('allocation_models')
        .values({
          year,
          municipal_total_ore: kroner(model.municipalTotalKr),
          regional_total_ore: kroner(model.regionalTotalKr),
          regional_key: toJson(key),
          regional_key_source: model.regionalKey.source,
          regional_key_assumption: model.regionalKey.assumption,
          population_period: model.populationPeriod,
          population_period_source: model.populationPeriodSource,
          unit: model.unit,
          updated_by: actor.name,
        })
        .execute();
      const population = bundledPopulation(year);
      if (population && !periods.includes(population.period)) {
        periods.push(population.period);
        await trx
          .insertInto('population_periods')
          .values({ period: population.period, source: `Projektets referencedata: reference/${population.municipalFile} (ufuldstændig; kilde pr. tal)`, imported_by: actor.name })
          .execute();
        await trx
          .insertInto('population_figures')
          .values(population.municipal.map((f) => ({ period: population.period, municipality_code: f.code, population: f.population, source: f.source })))
          .execute();
        await trx
          .insertInto('cluster_population')
          .values(
            [...population.clusterLevel].map(([clusterId, n]) => ({
              period: population.period,
              cluster_id: clusterId,
              population: n,
              source: `Klyngens indbyggertal afledt af Bilag 1, Tabel 1's kommunekolonne (reference/${population.clusterLevelFile}) — ikke kommunale data`,
            })),
          )
          .execute();
      }
    }
    await recordChange(trx, actor, { action: 'seed', entity: 'database', entityId: 'reference', before: null, after: { years, populationPeriods: periods } });
    return true;
  });
  const report: SeedReport = { seeded, years, populationPeriods: [], allocationRuns: [], pending: [] };
  if (!seeded) return report;
  report.populationPeriods = (await db.selectFrom('population_periods').select('period').execute()).map((p) => p.period);
  for (const year of years) {
    const model = yearManifest(year).model;
    if (!report.populationPeriods.includes(model.populationPeriod)) {
      report.pending.push({ year, reason: `befolkningstal for ${model.populationPeriod} mangler; indlæs FOLK1A ${model.populationPeriod}` });
      continue;
    }
    await computeAllocationRun(db, actor, year, { note: 'Første kørsel ved indlæsning af referencedata' });
    report.allocationRuns.push(year);
  }
  // The bundled key figures (population overview 2020K1 → 2022K1), through the ordinary import.
  await seedKeyFigures(db, actor);
  return report;
}
