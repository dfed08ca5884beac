import type { Øre } from '../money.ts';

/**
 * What follow-up needs to know about an initiative (indsats). The initiative itself is owned by
 * the economy domain (src/core/economy/); this is the minimal local view, to be joined to the
 * economy's Initiative by `id` when the services layer brings the two together.
 */
export interface InitiativeRef {
  readonly id: string;
  readonly title: string;
  readonly clusterId: string;
  readonly regionId: string;
  /** målgruppe, e.g. "Borgere med kronisk sygdom" */
  readonly targetGroup: string;
  /** Total of the forecast (opgørelse over forventet forbrug), in øre. */
  readonly forecastTotalOre: Øre;
}
