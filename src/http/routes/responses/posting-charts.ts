import { z } from 'zod';
import { POSTING_PURPOSES, type PostingPurpose } from '../../../core/chart-of-accounts.ts';
import { timestampSchema } from './common.ts';

/** One kind of posting line's art in a chart, with the kind's Danish label. */
const artSchema = z.object({ art: z.string(), text: z.string(), note: z.string(), confirmed: z.boolean(), label: z.string() });

/** A chart of accounts for posting files as the API shows and edits it. */
export const postingChartSchema = z.object({
  system: z.enum(['kommunal', 'regional']),
  name: z.string(),
  defaultFunction: z.string(),
  dranst: z.string(),
  arts: z.object(Object.fromEntries(POSTING_PURPOSES.map((p) => [p, artSchema])) as Record<PostingPurpose, typeof artSchema>),
  version: z.number().int(),
  updatedBy: z.string(),
  updatedAt: timestampSchema,
});
