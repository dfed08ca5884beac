import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InfrastructureError } from '../errors.ts';
import { jsonValue, parseStored, storedInstant, storedIsoDate, storedOre } from './stored-json.ts';

describe('stored JSON documents are parsed by their schema (issue 10 §5)', () => {
  const doc = z.object({ id: z.string(), on: storedIsoDate, at: storedInstant, amount: storedOre, note: z.string().exactOptional() });

  it('a document of the right shape comes back as its type', () => {
    expect(parseStored(doc, { id: 'a', on: '2024-02-29', at: '2024-02-29T10:00:00Z', amount: 12_345 }, { table: 't', column: 'c' })).toEqual({ id: 'a', on: '2024-02-29', at: '2024-02-29T10:00:00Z', amount: 12_345 });
  });

  it('a malformed document is an InfrastructureError naming the table, column, row and the first wrong field', () => {
    const read = (): unknown => parseStored(doc, { id: 'a', on: '2023-02-29', at: '2024-02-29T10:00:00Z', amount: 1 }, { table: 'evaluations', column: 'document', id: 'e-1' });
    expect(read).toThrow(InfrastructureError);
    expect(read).toThrow(/^Det gemte dokument i evaluations\.document \(række e-1\) har ikke den forventede form: on: ikke en dato/);
    try {
      read();
    } catch (e) {
      expect(e).toMatchObject({ code: 'db.malformed-document', details: { table: 'evaluations', column: 'document', id: 'e-1', path: 'on' } });
    }
    expect(() => parseStored(doc, { id: 'a', on: '2024-01-01', at: '2024-01-01 10:00', amount: 1 }, { table: 't', column: 'c' })).toThrow(/at: ikke et UTC-tidspunkt/);
    expect(() => parseStored(doc, { id: 'a', on: '2024-01-01', at: '2024-01-01T10:00Z', amount: 1.5 }, { table: 't', column: 'c' })).toThrow(/amount: ikke et helt antal øre/);
    expect(() => parseStored(z.array(doc), 'not a list', { table: 't', column: 'c' })).toThrow(/t\.c har ikke den forventede form: \(roden\)/);
  });

  it('jsonValue gives a value as it is stored: undefined fields dropped, readonly documents as JSON', () => {
    const member: { readonly id: string; readonly note?: string | undefined } = { id: 'm', note: undefined };
    expect(jsonValue(member)).toEqual({ id: 'm' });
    expect(jsonValue(undefined)).toBeNull();
  });
});
