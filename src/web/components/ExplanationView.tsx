import type { ReactNode } from 'react';
import { decimal, integer, kr } from '../lib/format.ts';
import { useI18n, type MessageKey } from '../lib/text/i18n.ts';

/** Labels for the parts of an explanation the server sends (basis, share, quotient, rounding …). */
const LABELS: Record<string, MessageKey> = {
  amountOre: 'explain.amount',
  amount: 'explain.amount',
  basis: 'explain.basis',
  totalBasis: 'explain.totalBasis',
  share: 'explain.share',
  shareOfTotal: 'explain.share',
  exactQuotient: 'explain.exact',
  exact: 'explain.exact',
  floorUnits: 'explain.floor',
  floor: 'explain.floor',
  rule: 'explain.rule',
  tieBreakRule: 'explain.rule',
  text: 'explain.text',
  summary: 'explain.text',
  rows: 'explain.rows',
  municipality: 'explain.municipality',
  municipalOre: 'explain.municipal',
  regionalOre: 'explain.regional',
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function isFraction(v: unknown): v is { num: string | number; den: string | number } {
  return isObject(v) && 'num' in v && 'den' in v && Object.keys(v).length <= 3;
}

/** `{num: '287181', den: '598032'}` → `287.181/598.032 (≈ 0,4802)`. */
function fraction(v: { num: string | number; den: string | number; decimal?: unknown }): string {
  const n = Number(v.num);
  const d = Number(v.den);
  const shown = `${groupIfInteger(v.num)}/${groupIfInteger(v.den)}`;
  if (String(v.den) === '1') return groupIfInteger(v.num);
  return Number.isFinite(n / d) && d !== 0 ? `${shown} (≈ ${decimal((n / d).toFixed(8), 6)})` : shown;
}

function groupIfInteger(v: string | number): string {
  const s = String(v);
  return /^-?\d+$/.test(s) && Number.isSafeInteger(Number(s)) ? integer(Number(s)) : s;
}

function value(key: string, v: unknown, yes: string, no: string): ReactNode {
  if (typeof v === 'boolean') return v ? yes : no;
  if (typeof v === 'number') {
    if (/Ore$/.test(key) && Number.isSafeInteger(v)) return kr(v);
    return Number.isInteger(v) ? integer(v) : decimal(v, 4);
  }
  if (typeof v === 'string') return /^-?\d+\.\d+$/.test(v) ? decimal(v, Math.min(8, (v.split('.')[1] ?? '').length)) : v;
  if (isFraction(v)) return fraction(v);
  if (Array.isArray(v)) {
    return (
      <ul className="explanation-list">
        {v.map((item, i) => (
          <li key={i}>{isObject(item) && !isFraction(item) ? <ExplanationView explanation={item} nested /> : value(key, item, yes, no)}</li>
        ))}
      </ul>
    );
  }
  if (isObject(v)) return <ExplanationView explanation={v} nested />;
  return '';
}

/** Splits "receivedRemainderUnit" → "received remainder unit" for keys without a Danish label. */
function fallbackLabel(key: string): string {
  const words = key.replace(/Ore$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The basis, share, exact quotient and rounding behind a figure, as a description list. */
export function ExplanationView(props: { explanation: Record<string, unknown>; nested?: boolean }) {
  const { t } = useI18n();
  const entries = Object.entries(props.explanation).filter(([, v]) => v !== null && v !== undefined);
  return (
    <dl className={props.nested ? 'explanation nested' : 'explanation'}>
      {entries.map(([key, v]) => {
        const label = LABELS[key];
        let shown: ReactNode = value(key, v, t('yes'), t('no'));
        if (key === 'receivedRemainderUnit' && typeof v === 'boolean') {
          const rank = props.explanation.remainderRank;
          shown = v ? t('explain.remainderYes', { rank: typeof rank === 'number' ? rank : '?' }) : t('explain.remainderNo');
        }
        if (key === 'remainderRank') return null;
        return (
          <div key={key} className="explanation-item">
            <dt>{key === 'receivedRemainderUnit' ? t('explain.remainder') : label ? t(label) : fallbackLabel(key)}</dt>
            <dd>{shown}</dd>
          </div>
        );
      })}
    </dl>
  );
}
