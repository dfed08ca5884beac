import type { ApiResponse } from '../../lib/api.ts';

/**
 * The overview routes' answers, read from the generated API types (the server's zod schemas in
 * src/http/routes/overview.ts are the contract). Amounts are integer øre; decimals are dot-decimal
 * text rounded once on the server.
 */
export type ClusterYearOverview = ApiResponse<'/api/clusters/{clusterId}/overview/{year}'>;
export type PartyYear = ClusterYearOverview['parties'][number];
export type CountBy = ClusterYearOverview['initiativesByStatus'][number];
export type ComparisonOverview = ApiResponse<'/api/overview/national'>;
export type ClusterComparison = ComparisonOverview['clusters'][number];
export type StartOverview = ApiResponse<'/api/overview/start'>;
export type TaskKind = StartOverview['tasks'][number]['kind'];
