// `npm run gen:api`: regenerates src/web/lib/api-schema.d.ts from the server's OpenAPI document.
import { writeFile } from 'node:fs/promises';
import { API_SCHEMA_FILE, apiTypesSource, openApiDocument } from '../src/http/contract/openapi-types.ts';

const source = await apiTypesSource(await openApiDocument());
await writeFile(API_SCHEMA_FILE, source);
console.log(`skrev ${API_SCHEMA_FILE.pathname}`);
