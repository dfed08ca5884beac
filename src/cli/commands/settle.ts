import { DomainError } from '../../core/errors.ts';
import { parseDanishAmount } from '../../core/money.ts';
import * as Q from '../../core/rational.ts';
import { DEFAULT_POSTING_CHARTS } from '../../core/chart-of-accounts.ts';
import { DEFAULT_MUNICIPAL_FUNCTION, type PartyKind, type SettlementPayer, settle } from '../../core/settlement.ts';
import type { OutputTable } from '../../infra/export/table-output.ts';
import { requiredString, stringList, stringOption } from '../args.ts';
import { type Command, FORMAT_HELP } from '../command.ts';

function splitPair(text: string, option: string): [string, string] {
  const at = text.lastIndexOf('=');
  const name = at < 0 ? '' : text.slice(0, at).trim();
  const value = at < 0 ? '' : text.slice(at + 1).trim();
  if (name === '' || value === '') {
    throw new DomainError('cli.pair', `--${option} skal skrives NAVN=VÆRDI, men er "${text}".`);
  }
  return [name, value];
}

function parseKind(value: string): PartyKind {
  const v = value.toLowerCase();
  if (v === 'kommune' || v === 'municipality') return 'municipality';
  if (v === 'region') return 'region';
  throw new DomainError('cli.kind', `Ukendt parttype "${value}"; vælg kommune eller region.`);
}

const KIND_LABEL: Record<PartyKind, string> = { municipality: 'Kommune', region: 'Region' };

export const settleCommand: Command = {
  name: 'settle',
  help: `Brug: klynge settle --cost BELØB --executing NAVN --payer NAVN=ANDEL [--payer …]

Den udførende part konterer hele udgiften og de øvrige parters andele som indtægt; hver
betalende part konterer sin andel som udgift (mellemkommunal/-regional afregning).
  --cost BELØB               indsatsens samlede udgift i kroner, fx 3000000 (negativ ved tilbagebetaling)
  --executing NAVN           den udførende part (skal også stå som --payer med sin egen andel)
  --payer NAVN=ANDEL         en betalende part og dens andel, fx "Kommune 2=1/3" eller "Region=0,5"
  --kind NAVN=kommune|region parttype; standard: navne, der begynder med "Region", er regioner
  --function FUNKTION        kommunal funktion (standard ${DEFAULT_MUNICIPAL_FUNCTION} Sundhedsfremme og forebyggelse)
  --regional-function KONTO  regionens konto i den regionale kontoplan, hel (fx 1.3.2.4); standard
                             ${DEFAULT_POSTING_CHARTS.regional.defaultFunction}, som regionen skal bekræfte
  --cost-art ART             art for den udførende parts egen udgift (standard ${DEFAULT_POSTING_CHARTS.kommunal.arts['own-expense'].art} ${DEFAULT_POSTING_CHARTS.kommunal.arts['own-expense'].text})
  --initiative NAVN          indsatsens navn i konteringsteksterne
Arter efter de autoriserede kontoplaner: betaling til en kommune 4.7, til en region 4.8; indtægt
fra en kommune 7.7, fra en region 7.8. Andelene fordeles i øre med den fælles
fordelingsmekanisme. Fortegn: udgift +, indtægt −.

${FORMAT_HELP}`,
  options: {
    cost: { type: 'string' },
    executing: { type: 'string' },
    payer: { type: 'string', multiple: true },
    kind: { type: 'string', multiple: true },
    function: { type: 'string' },
    'regional-function': { type: 'string' },
    'cost-art': { type: 'string' },
    initiative: { type: 'string' },
  },
  maxPositionals: 0,
  run: (args) => {
    const cost = parseDanishAmount(requiredString(args, 'cost', 'settle'));
    const executing = requiredString(args, 'executing', 'settle').trim();
    const payerTexts = stringList(args, 'payer');
    if (payerTexts.length === 0) throw new DomainError('cli.missing-option', '"klynge settle" mangler --payer; se klynge settle --help.');
    const kinds = new Map(stringList(args, 'kind').map((t) => {
      const [name, kind] = splitPair(t, 'kind');
      return [name, parseKind(kind)] as const;
    }));
    const payers: SettlementPayer[] = payerTexts.map((t) => {
      const [party, shareText] = splitPair(t, 'payer');
      let share: Q.Rational;
      try {
        share = Q.parseDecimal(shareText);
      } catch {
        throw new DomainError('cli.share', `Andelen "${shareText}" for ${party} er ikke et tal (skriv fx 1/3 eller 0,5).`);
      }
      const kind = kinds.get(party);
      return kind ? { party, share, kind } : { party, share };
    });
    for (const name of kinds.keys()) {
      if (!payers.some((p) => p.party === name)) throw new DomainError('cli.kind', `--kind nævner "${name}", som ikke er en betalende part.`);
    }
    const optional = (name: string): string | undefined => {
      const v = stringOption(args, name);
      return v === undefined || v.trim() === '' ? undefined : v.trim();
    };
    const municipalFunction = optional('function');
    const regionalFunction = optional('regional-function');
    const costArt = optional('cost-art');
    const initiative = optional('initiative');
    const s = settle({
      cost,
      executing,
      payers,
      ...(municipalFunction ? { municipalFunction } : {}),
      ...(regionalFunction ? { regionalFunction } : {}),
      ...(costArt ? { costArt } : {}),
      ...(initiative ? { initiative } : {}),
    });
    const parties: OutputTable = {
      title: 'Afregning pr. part',
      columns: [
        { key: 'party', label: 'Part', type: 'text' },
        { key: 'kind', label: 'Type', type: 'text' },
        { key: 'role', label: 'Rolle', type: 'text' },
        { key: 'share', label: 'Andel', type: 'text' },
        { key: 'income', label: 'Indtægt', type: 'ore' },
        { key: 'expense', label: 'Udgift', type: 'ore' },
        { key: 'net', label: 'Nettorammepåvirkning', type: 'ore' },
      ],
      rows: [
        ...s.parties.map((p) => ({
          kind: 'detail' as const,
          values: {
            party: p.party,
            kind: KIND_LABEL[p.kind],
            role: p.role === 'executing' ? 'Udførende' : 'Betalende',
            share: Q.toFractionString(p.share),
            income: p.incomeOre,
            expense: p.expenseOre,
            net: p.netOre,
          },
        })),
        {
          kind: 'total' as const,
          values: {
            party: 'I alt',
            kind: null,
            role: null,
            share: null,
            income: s.parties.reduce((a, p) => a + p.incomeOre, 0),
            expense: s.parties.reduce((a, p) => a + p.expenseOre, 0),
            net: s.parties.reduce((a, p) => a + p.netOre, 0),
          },
        },
      ],
    };
    const postings: OutputTable = {
      title: 'Konteringslinjer',
      columns: [
        { key: 'party', label: 'Part', type: 'text' },
        { key: 'system', label: 'Kontoplan', type: 'text' },
        { key: 'function', label: 'Funktion/konto', type: 'text' },
        { key: 'dranst', label: 'Dranst', type: 'text' },
        { key: 'art', label: 'Art', type: 'text' },
        { key: 'artText', label: 'Artstekst', type: 'text' },
        { key: 'artSource', label: 'Artskilde', type: 'text' },
        { key: 'amount', label: 'Beløb', type: 'ore' },
        { key: 'counterparty', label: 'Modpart', type: 'text' },
        { key: 'text', label: 'Tekst', type: 'text' },
      ],
      rows: [
        ...s.postings.map((l) => ({
          kind: 'detail' as const,
          values: {
            party: l.party,
            system: l.accountSystem === 'kommunal' ? 'Kommunal' : 'Regional',
            function: l.function,
            dranst: l.dranst,
            art: l.art,
            artText: l.artText,
            artSource: l.artSource,
            amount: l.amountOre,
            counterparty: l.counterparty,
            text: l.text,
          },
        })),
        {
          kind: 'total' as const,
          values: { party: 'I alt', amount: s.postings.reduce((a, l) => a + l.amountOre, 0) },
        },
      ],
    };
    return Promise.resolve({
      tables: [parties, postings],
      json: {
        costOre: s.cost,
        executing: s.executing,
        parties: s.parties.map((p) => ({
          party: p.party,
          kind: p.kind,
          role: p.role,
          share: Q.toFractionString(p.share),
          shareOre: p.shareOre,
          incomeOre: p.incomeOre,
          expenseOre: p.expenseOre,
          netOre: p.netOre,
        })),
        postings: s.postings.map((l) => ({
          party: l.party,
          accountSystem: l.accountSystem,
          function: l.function,
          dranst: l.dranst,
          art: l.art,
          artText: l.artText,
          artSource: l.artSource,
          amountOre: l.amountOre,
          counterparty: l.counterparty,
          text: l.text,
        })),
      },
    });
  },
};
