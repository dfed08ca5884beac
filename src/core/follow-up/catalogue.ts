import type { Øre } from '../money.ts';
import type { EvaluationStatus, RecommendationKind, SsuDecision } from './evaluation.ts';

/**
 * The knowledge catalogue (vidensbank): initiatives and their evaluations across all clusters,
 * searchable and filterable, each entry with cost, duration, results and the SSU's decision.
 *
 * Visibility (decided here, see `canSee`):
 * - system-admin and national-reader (KL, Danske Regioner, the ministry) see everything;
 * - an SSU member sees every entry in its region; a cluster secretariat its own cluster; a
 *   finance officer the clusters it serves;
 * - in addition, every reader with a role sees entries whose evaluation the SSU has decided to
 *   recommend for spreading (to named clusters or nationally), from any cluster or region.
 *   Seed 002 says good results "deles på tværs af klynger": a recommendation is exactly the point
 *   where an initiative becomes shared knowledge. Drafts, evaluations awaiting the SSU and
 *   initiatives without a recommendation stay within their own cluster and region.
 */

/**
 * The initiative's status, mirroring the economy domain's InitiativeStatus (src/core/economy/initiative.ts)
 * so the catalogue can be fed from it directly.
 */
export type InitiativeStatus = 'proposed' | 'approved' | 'running' | 'ended' | 'evaluated' | 'rejected' | 'stopped';

export interface CatalogueEntry {
  readonly initiativeId: string;
  readonly title: string;
  readonly description: string;
  readonly clusterId: string;
  readonly clusterName: string;
  readonly regionId: string;
  readonly regionName: string;
  readonly targetGroup: string;
  readonly status: InitiativeStatus;
  /** First and last year the initiative runs (last = first when it runs within one year). */
  readonly startYear: number;
  readonly endYear: number;
  readonly durationMonths: number;
  readonly costOre: Øre;
  readonly evaluation?: {
    readonly id: string;
    readonly status: EvaluationStatus;
    /** Results, one line per criterion, as shown in the entry. */
    readonly results: readonly string[];
    readonly conclusion: string;
    readonly decision?: SsuDecision;
  };
  /** Set when this initiative was adopted from another one (udbredt fra). */
  readonly originInitiativeId?: string;
}

export type ReaderRole =
  | { readonly role: 'system-admin' }
  | { readonly role: 'national-reader' }
  | { readonly role: 'ssu-member'; readonly regionId: string }
  | { readonly role: 'cluster-secretariat'; readonly clusterId: string }
  | { readonly role: 'finance-officer'; readonly clusterIds: readonly string[] };

/** A reader may hold several roles; visibility is their union. */
export interface Reader {
  readonly roles: readonly ReaderRole[];
}

function isRecommendedForSpreading(entry: CatalogueEntry): boolean {
  const kind = entry.evaluation?.decision?.recommendation.kind;
  return kind === 'spread-to-clusters' || kind === 'national';
}

function roleSees(role: ReaderRole, entry: CatalogueEntry): boolean {
  switch (role.role) {
    case 'system-admin':
    case 'national-reader':
      return true;
    case 'ssu-member':
      return entry.regionId === role.regionId;
    case 'cluster-secretariat':
      return entry.clusterId === role.clusterId;
    case 'finance-officer':
      return role.clusterIds.includes(entry.clusterId);
  }
}

export function canSee(reader: Reader, entry: CatalogueEntry): boolean {
  if (reader.roles.some((r) => roleSees(r, entry))) return true;
  return reader.roles.length > 0 && isRecommendedForSpreading(entry);
}

/**
 * Folds Danish text for searching: lower case, æ→ae, ø→oe, å→aa (so "Åbenrå" finds "Aabenraa"),
 * ä/ö as æ/ø, other diacritics dropped (é→e), and runs of anything else to one space.
 */
export function foldDanish(text: string): string {
  return text
    .toLowerCase()
    .replace(/[æä]/g, 'ae')
    .replace(/[øö]/g, 'oe')
    .replace(/å/g, 'aa')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export interface CatalogueFilter {
  readonly targetGroups?: readonly string[];
  readonly regionIds?: readonly string[];
  readonly clusterIds?: readonly string[];
  readonly statuses?: readonly InitiativeStatus[];
  /** "none-yet" = no SSU decision (yet). */
  readonly recommendations?: readonly (RecommendationKind | 'none-yet')[];
  /** Entries running at some point in this year. */
  readonly year?: number;
  /** Every word must occur (folded) in the title, description, target group, cluster, region, results or conclusion. */
  readonly text?: string;
}

function haystack(e: CatalogueEntry): string {
  return foldDanish(
    [e.title, e.description, e.targetGroup, e.clusterName, e.regionName, ...(e.evaluation?.results ?? []), e.evaluation?.conclusion ?? '', e.evaluation?.decision?.justification ?? ''].join(' '),
  );
}

export function matchesFilter(e: CatalogueEntry, f: CatalogueFilter): boolean {
  const inList = <T>(list: readonly T[] | undefined, v: T): boolean => list === undefined || list.length === 0 || list.includes(v);
  if (!inList(f.targetGroups?.map(foldDanish), foldDanish(e.targetGroup))) return false;
  if (!inList(f.regionIds, e.regionId)) return false;
  if (!inList(f.clusterIds, e.clusterId)) return false;
  if (!inList(f.statuses, e.status)) return false;
  if (!inList(f.recommendations, e.evaluation?.decision?.recommendation.kind ?? 'none-yet')) return false;
  if (f.year !== undefined && (f.year < e.startYear || f.year > e.endYear)) return false;
  if (f.text !== undefined) {
    const words = foldDanish(f.text).split(' ').filter((w) => w !== '');
    if (words.length > 0) {
      const hay = haystack(e);
      if (!words.every((w) => hay.includes(w))) return false;
    }
  }
  return true;
}

const collator = new Intl.Collator('da');

/**
 * What a reader finds: visible entries matching the filter, newest first, then by title in
 * Danish alphabetical order (æ, ø, å last).
 */
export function searchCatalogue(entries: readonly CatalogueEntry[], reader: Reader, filter: CatalogueFilter = {}): CatalogueEntry[] {
  return entries
    .filter((e) => canSee(reader, e) && matchesFilter(e, filter))
    .sort((a, b) => b.startYear - a.startYear || collator.compare(a.title, b.title) || (a.initiativeId < b.initiativeId ? -1 : a.initiativeId > b.initiativeId ? 1 : 0));
}
