import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { Actor } from '../../infra/audit/audit.ts';
import type { Schema } from '../../infra/db/schema.ts';
import { REFERENCE_DIR } from '../register/index.ts';
import { confirmKeyFigureImport, previewKeyFigureImport } from './service.ts';

/** The bundled population overview (indbyggere per municipality 2020K1 and 2022K1, with sources per row). */
export const SAMPLE_KEY_FIGURES = 'key-figures/population-overview.csv';

/**
 * Loads the bundled key figures through the ordinary import (validated, audited): the population
 * overview from the FOLK1A files in reference/population, see reference/README.md.
 */
export async function seedKeyFigures(db: Kysely<Schema>, actor: Actor): Promise<number> {
  const text = readFileSync(`${REFERENCE_DIR}${SAMPLE_KEY_FIGURES}`, 'utf8');
  const preview = await previewKeyFigureImport(db, actor, text, SAMPLE_KEY_FIGURES, `Projektets referencedata: reference/${SAMPLE_KEY_FIGURES}`);
  return (await confirmKeyFigureImport(db, actor, preview.importId)).rows;
}
