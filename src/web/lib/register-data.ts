/** The register of a year as GET /api/years/:year/register sends it; read by several features. */

/** A distribution basis (fordelingsgrundlag) as the API sends it. */
export interface Basis {
  kind: string;
  population?: number;
  weight?: number | string | { num: string | number; den: string | number };
  label?: string;
}

export interface Member {
  membershipId: string;
  municipalityCode: string;
  municipalityName: string;
  political: boolean;
  administrative: boolean;
  commonFundsBasis: Basis;
  secretariatBasis: Basis;
  /** Tabel 2 mark: '', '*', '**' or '***'. */
  mark: string;
  note: string | null;
  version: number;
}

export interface RegisterData {
  year: number;
  regions: { code: string; name: string; clusters: { id: string; name: string; members: Member[] }[] }[];
}
