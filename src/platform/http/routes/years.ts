import { z } from 'zod';
import { registerYears } from '../../../register/load.ts';
import type { App } from '../app.ts';

/** GET /api/years: the years the register and allocation model exist for. */
export function yearRoutes(app: App): void {
  app.get(
    '/api/years',
    { config: { action: 'reference:read' }, schema: { tags: ['register'], summary: 'Årene med register og fordelingsmodel', response: { 200: z.object({ years: z.array(z.number().int()) }) } } },
    () => ({ years: registerYears() }),
  );
}
