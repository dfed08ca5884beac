import { DomainError } from '../../core/errors.ts';
import * as Q from '../../core/rational.ts';
import { type TableFindingKind, checkPublishedTable, DEFAULT_DEVIATION_TOLERANCE } from '../../core/table-check.ts';
import type { OutputTable } from '../../infra/export/table-output.ts';
import { stringOption } from '../args.ts';
import { type Command, FORMAT_HELP } from '../command.ts';

const KIND_LABEL: Record<TableFindingKind, string> = {
  'row-sum': 'Rækkesum',
  'region-sum': 'Regionssum',
  'total-sum': 'Totalsum',
  'malformed-number': 'Ulæseligt tal',
  'per-inhabitant-deviation': 'Kr. pr. indbygger',
  'empty-region': 'Region uden klynger',
  'missing-total': 'Total mangler',
};

export const checkTableCommand: Command = {
  name: 'check-table',
  help: `Brug: klynge check-table FIL.csv [--tolerance PROCENT]

Læser en publiceret fordelingstabel som CSV (; eller , som skilletegn) med overskriften
"Klynge/Region;Kommuner;Region;I alt", en "Region …"-række efterfulgt af dens klynger og en
afsluttende "Total"-række; beløb som trykt, fx 4.030.016. Rapporterer rækker, hvor Kommuner +
Region ≠ I alt, regioner, hvis klynger ikke summer til regionen, kolonnetotaler, ulæselige tal,
og klynger, hvis regionale kr. pr. indbygger afviger fra regionens.
  --tolerance PROCENT   tilladt afvigelse i kr. pr. indbygger (standard ${Q.toDecimalString(Q.mul(DEFAULT_DEVIATION_TOLERANCE, Q.fromInteger(100)), 2)})
Slutkode: 0 ingen fund, 1 fund rapporteret, 2 fejl i input.

${FORMAT_HELP}`,
  options: { tolerance: { type: 'string' } },
  maxPositionals: 1,
  run: async (args, io) => {
    const file = args.positionals[0];
    if (file === undefined) throw new DomainError('cli.missing-file', '"klynge check-table" mangler filen med tabellen; se klynge check-table --help.');
    const toleranceText = stringOption(args, 'tolerance');
    let tolerance = DEFAULT_DEVIATION_TOLERANCE;
    if (toleranceText !== undefined) {
      let percent: Q.Rational;
      try {
        percent = Q.parseDecimal(toleranceText.replace(/\s*%$/, ''));
      } catch {
        throw new DomainError('cli.tolerance', `Tolerancen "${toleranceText}" er ikke et tal (angiv procent, fx 0,5).`);
      }
      if (percent.num < 0n) throw new DomainError('cli.tolerance', 'Tolerancen må ikke være negativ.');
      tolerance = Q.div(percent, Q.fromInteger(100));
    }
    const result = checkPublishedTable(await io.readTextFile(file), { deviationTolerance: tolerance });
    const table: OutputTable = {
      title: `Kontrol af ${file}`,
      wholeKroner: true,
      columns: [
        { key: 'line', label: 'Linje', type: 'integer' },
        { key: 'kind', label: 'Fund', type: 'text' },
        { key: 'row', label: 'Række', type: 'text' },
        { key: 'column', label: 'Kolonne', type: 'text' },
        { key: 'stated', label: 'Trykt', type: 'ore' },
        { key: 'computed', label: 'Beregnet', type: 'ore' },
        { key: 'text', label: 'Forklaring', type: 'text' },
      ],
      rows: result.findings.map((f) => ({
        kind: 'detail' as const,
        values: {
          line: f.line,
          kind: KIND_LABEL[f.kind],
          row: f.region && f.region !== f.row ? `${f.row} (${f.region})` : f.row,
          column: f.column,
          stated: f.statedKr === null ? null : f.statedKr * 100,
          computed: f.computedKr === null ? null : f.computedKr * 100,
          text: f.text,
        },
      })),
    };
    const n = result.findings.length;
    return {
      tables: [table],
      json: {
        findings: result.findings.map((f) => ({
          kind: f.kind,
          line: f.line,
          row: f.row,
          region: f.region,
          column: f.column,
          statedKr: f.statedKr,
          computedKr: f.computedKr,
          text: f.text,
        })),
      },
      summary: `${n === 0 ? 'Ingen fund' : `${String(n)} fund`} i ${String(result.regions)} regioner og ${String(result.clusters)} klynger.`,
      exitCode: n === 0 ? 0 : 1,
    };
  },
};
