/**
 * The overview routes' answers as the client reads them (the server's zod schemas in
 * src/platform/http/routes/overview.ts are the contract). Amounts are integer øre; decimals are
 * dot-decimal text rounded once on the server.
 */
export interface CountBy {
  key: string;
  label: string;
  count: number;
}

export interface PartyYear {
  party: string;
  name: string;
  kind: 'municipality' | 'region';
  allocatedOre: number;
  extraOre: number;
  availableOre: number;
  approvedOre: number;
  spentOre: number;
  settledOre: number;
  carriedForwardOre: number | null;
  lapsedOre: number | null;
}

export interface ClusterYearOverview {
  clusterId: string;
  cluster: string;
  regionCode: string;
  regionName: string;
  year: number;
  years: number[];
  allocated: boolean;
  closed: boolean;
  parties: PartyYear[];
  total: Omit<PartyYear, 'party' | 'name' | 'kind'>;
  initiativesByStatus: CountBy[];
  initiativesByTargetGroup: CountBy[];
}

export interface ClusterComparison {
  clusterId: string;
  cluster: string;
  regionCode: string;
  regionName: string;
  population: number | null;
  allocatedOre: number;
  availableOre: number;
  approvedOre: number;
  spentOre: number;
  perInhabitantKr: string | null;
  spentPercent: string | null;
  initiativesByStatus: CountBy[];
  initiativesByTargetGroup: CountBy[];
}

export interface ComparisonOverview {
  scope: { kind: 'region'; regionCode: string; regionName: string } | { kind: 'national' };
  year: number;
  years: number[];
  clusters: ClusterComparison[];
  total: Omit<ClusterComparison, 'clusterId' | 'cluster' | 'regionCode' | 'regionName'>;
}

export type TaskKind = 'approve-initiative' | 'evaluation-to-ssu' | 'approve-minutes' | 'close-year';

export interface StartOverview {
  year: number;
  clusters: { clusterId: string; cluster: string; regionCode: string; regionName: string; nextMeeting: { id: string; date: string; title: string } | null }[];
  regions: { regionCode: string; regionName: string }[];
  national: boolean;
  tasks: { kind: TaskKind; clusterId: string | null; regionCode: string | null; text: string; ref: string }[];
}
