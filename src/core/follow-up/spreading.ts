import { DomainError } from '../errors.ts';
import type { Evaluation } from './evaluation.ts';
import type { InitiativeRef } from './initiative-ref.ts';

/**
 * Spreading (udbredelse): another cluster adopts an initiative the SSU recommended. The adopted
 * initiative is a new initiative in the adopting cluster, linked to its origin, with the origin's
 * forecast total as its starting point. Lineage is kept as links so it shows both ways.
 */

export interface LineageLink {
  /** The initiative that was adopted (oprindelig indsats). */
  readonly originInitiativeId: string;
  readonly originClusterId: string;
  /** The new initiative in the adopting cluster. */
  readonly adoptedInitiativeId: string;
  readonly adoptedClusterId: string;
  /** The evaluation whose SSU decision made the adoption possible. */
  readonly evaluationId: string;
}

export type AdoptionEligibility = { readonly allowed: true } | { readonly allowed: false; readonly reason: string };

/**
 * Who may adopt: only a cluster named in a "spread to clusters" recommendation, or any other
 * cluster when the SSU recommended the initiative nationally. Never the origin cluster itself,
 * and a cluster adopts the same initiative at most once.
 */
export function adoptionEligibility(
  origin: InitiativeRef,
  evaluation: Evaluation,
  adoptingClusterId: string,
  existingLinks: readonly LineageLink[] = [],
): AdoptionEligibility {
  if (evaluation.initiativeId !== origin.id) {
    return { allowed: false, reason: 'Evalueringen hører ikke til den valgte indsats.' };
  }
  if (evaluation.status !== 'decided' || !evaluation.decision) {
    return { allowed: false, reason: 'Sundhedssamarbejdsudvalget har endnu ikke truffet beslutning om udbredelse af indsatsen.' };
  }
  if (adoptingClusterId === origin.clusterId) {
    return { allowed: false, reason: 'Indsatsen er allerede klyngens egen.' };
  }
  if (existingLinks.some((l) => l.originInitiativeId === origin.id && l.adoptedClusterId === adoptingClusterId)) {
    return { allowed: false, reason: 'Klyngen har allerede overtaget denne indsats.' };
  }
  const r = evaluation.decision.recommendation;
  switch (r.kind) {
    case 'national':
      return { allowed: true };
    case 'spread-to-clusters':
      return r.clusterIds.includes(adoptingClusterId)
        ? { allowed: true }
        : { allowed: false, reason: 'Sundhedssamarbejdsudvalget har ikke anbefalet indsatsen udbredt til denne klynge.' };
    case 'none':
      return { allowed: false, reason: 'Sundhedssamarbejdsudvalget har ikke anbefalet indsatsen udbredt.' };
  }
}

export interface AdoptedInitiative extends InitiativeRef {
  /** The initiative it was adopted from. */
  readonly originInitiativeId: string;
}

/**
 * Builds the adopted initiative and its lineage link, or throws with the reason it is not allowed.
 * The adopting cluster may give its own title; the target group and forecast total start as the
 * origin's (the forecast is a starting point that the cluster then revises for itself).
 */
export function adoptInitiative(
  origin: InitiativeRef,
  evaluation: Evaluation,
  adopting: { readonly clusterId: string; readonly regionId: string; readonly newInitiativeId: string; readonly title?: string },
  existingLinks: readonly LineageLink[] = [],
): { readonly initiative: AdoptedInitiative; readonly link: LineageLink } {
  const eligibility = adoptionEligibility(origin, evaluation, adopting.clusterId, existingLinks);
  if (!eligibility.allowed) {
    throw new DomainError('spreading.not-allowed', eligibility.reason, { originInitiativeId: origin.id, clusterId: adopting.clusterId });
  }
  if (adopting.newInitiativeId.trim() === '' || adopting.newInitiativeId === origin.id) {
    throw new DomainError('spreading.bad-id', 'Den overtagne indsats skal have sit eget id.');
  }
  const title = adopting.title?.trim() || origin.title;
  return {
    initiative: {
      id: adopting.newInitiativeId,
      title,
      clusterId: adopting.clusterId,
      regionId: adopting.regionId,
      targetGroup: origin.targetGroup,
      forecastTotalOre: origin.forecastTotalOre,
      originInitiativeId: origin.id,
    },
    link: {
      originInitiativeId: origin.id,
      originClusterId: origin.clusterId,
      adoptedInitiativeId: adopting.newInitiativeId,
      adoptedClusterId: adopting.clusterId,
      evaluationId: evaluation.id,
    },
  };
}

export interface Lineage {
  /** From the nearest origin up to the first: where this initiative came from. */
  readonly ancestors: readonly LineageLink[];
  /** Every initiative adopted from this one, directly or further on (breadth first). */
  readonly descendants: readonly LineageLink[];
}

/** The lineage of an initiative, both ways. Tolerates (and stops at) cycles in bad data. */
export function lineageOf(initiativeId: string, links: readonly LineageLink[]): Lineage {
  const ancestors: LineageLink[] = [];
  const seen = new Set<string>([initiativeId]);
  let current = initiativeId;
  for (;;) {
    const up = links.find((l) => l.adoptedInitiativeId === current);
    if (!up || seen.has(up.originInitiativeId)) break;
    ancestors.push(up);
    seen.add(up.originInitiativeId);
    current = up.originInitiativeId;
  }
  const descendants: LineageLink[] = [];
  const visited = new Set<string>([initiativeId]);
  const queue = [initiativeId];
  while (queue.length > 0) {
    const id = queue.shift() as string;
    for (const l of links) {
      if (l.originInitiativeId === id && !visited.has(l.adoptedInitiativeId)) {
        visited.add(l.adoptedInitiativeId);
        descendants.push(l);
        queue.push(l.adoptedInitiativeId);
      }
    }
  }
  return { ancestors, descendants };
}

