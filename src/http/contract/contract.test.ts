import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_SCHEMA_FILE, apiTypesSource, openApiDocument, type OpenApiDocument } from './openapi-types.ts';

/** Every operation's success status (the lowest 2xx it declares) and whether it has a body schema. */
function operationsWithoutSuccessSchema(doc: OpenApiDocument): string[] {
  const missing: string[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (op === undefined) continue;
      const statuses = Object.keys(op.responses ?? {});
      const success = statuses.filter((s) => /^2\d\d$/.test(s)).sort()[0];
      // A route that only redirects (OIDC login and callback) describes its 3xx, which has no body.
      if (success === undefined && statuses.some((s) => /^3\d\d$/.test(s))) continue;
      if (success === undefined) {
        missing.push(`${method.toUpperCase()} ${path}: intet svar-skema`);
        continue;
      }
      // 204 has no body by definition; every other success must describe its body.
      if (success === '204') continue;
      const content = op.responses?.[success]?.content;
      const hasBody = content !== undefined && Object.values(content).some((c) => c.schema !== undefined);
      if (!hasBody) missing.push(`${method.toUpperCase()} ${path}: ${success} uden skema`);
    }
  }
  return missing;
}

describe('the API contract', () => {
  let doc: OpenApiDocument;
  beforeAll(async () => {
    doc = await openApiDocument();
  });

  it('describes the success response of every route', () => {
    expect(Object.keys(doc.paths).length).toBeGreaterThan(50);
    expect(operationsWithoutSuccessSchema(doc)).toEqual([]);
  });

  it('the web client types are generated from the current document (run `npm run gen:api`)', async () => {
    const checkedIn = await readFile(API_SCHEMA_FILE, 'utf8');
    expect(checkedIn === (await apiTypesSource(doc)), 'src/web/lib/api-schema.d.ts er forældet: kør `npm run gen:api`').toBe(true);
  });
});
