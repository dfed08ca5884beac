import type { ApiResponse } from './api.ts';

/** The register of a year as GET /api/years/:year/register sends it; read by several features. */
export type RegisterData = ApiResponse<'/api/years/{year}/register'>;
export type Member = RegisterData['regions'][number]['clusters'][number]['members'][number];
/** A distribution basis (fordelingsgrundlag) as the API sends it. */
export type Basis = Member['commonFundsBasis'];
