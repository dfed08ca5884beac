import { AxisBottom, AxisLeft } from '@visx/axis';
import { Group } from '@visx/group';
import { scaleBand, scaleLinear } from '@visx/scale';
import { Bar } from '@visx/shape';
import { useEffect, useId, useRef, useState } from 'react';

/**
 * A horizontal (grouped) bar chart in SVG (visx). Loaded lazily (React.lazy) so the chart code is
 * not part of the first load. Series differ by fill pattern as well as colour, never by colour
 * alone; the figures are always in a table next to the chart, which the caller renders.
 */
export interface BarSeries {
  name: string;
  values: number[];
}

export interface BarChartProps {
  title: string;
  description: string;
  /** One group of bars per category (a party, a cluster or a measure). */
  categories: string[];
  series: BarSeries[];
  /** Axis tick text, e.g. whole kroner. */
  tickFormat: (value: number) => string;
  /** Drawing width in CSS px; the chart is never scaled up beyond it (only down on a narrow screen). */
  width?: number;
}

const BAR = 12;
const GAP = 6;
const MARGIN = { top: 8, right: 44, bottom: 36 };
/** Colours from DKFDS's palette with enough contrast against white (≥ 3:1), plus patterns. */
const FILLS = ['#0059b3', '#358000', '#b35900', '#6a3d9a', '#1a1a1a', '#b0004f'];
const PATTERNS = ['solid', 'hatch', 'dots', 'cross', 'vertical', 'solid'] as const;

function Pattern(props: { id: string; kind: (typeof PATTERNS)[number]; color: string }) {
  const { id, kind, color } = props;
  if (kind === 'solid') return null;
  return (
    <pattern id={id} width="6" height="6" patternUnits="userSpaceOnUse">
      <rect width="6" height="6" fill={color} opacity="0.35" />
      {kind === 'hatch' ? <path d="M0,6 L6,0" stroke={color} strokeWidth="2" /> : null}
      {kind === 'dots' ? <circle cx="3" cy="3" r="1.6" fill={color} /> : null}
      {kind === 'cross' ? <path d="M0,0 L6,6 M6,0 L0,6" stroke={color} strokeWidth="1.4" /> : null}
      {kind === 'vertical' ? <path d="M3,0 L3,6" stroke={color} strokeWidth="2" /> : null}
    </pattern>
  );
}

/**
 * The width the chart has on the page, so it is drawn at that width rather than scaled down:
 * on a phone a 760 px drawing shrunk to 358 px had 6 px labels.
 */
function useRoom(): [React.RefObject<HTMLElement | null>, number | null] {
  const ref = useRef<HTMLElement>(null);
  const [room, setRoom] = useState<number | null>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setRoom(Math.floor(el.clientWidth));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, room];
}

export default function BarChart(props: BarChartProps) {
  const id = useId().replace(/:/g, '');
  const [ref, room] = useRoom();
  const WIDTH = Math.max(240, Math.min(props.width ?? 760, room ?? props.width ?? 760));
  const { categories, series } = props;
  const longest = categories.reduce((m, c) => Math.max(m, c.length), 0);
  const left = Math.min(260, WIDTH * 0.42, Math.max(80, longest * 7.5 + 16));
  const groupHeight = series.length * BAR + GAP * 2;
  const innerHeight = categories.length * groupHeight;
  const height = innerHeight + MARGIN.top + MARGIN.bottom;
  const innerWidth = WIDTH - left - MARGIN.right;
  // Fewer ticks when narrow, so "4.000.000" labels never run into each other.
  const ticks = innerWidth < 260 ? 2 : innerWidth < 420 ? 3 : 5;
  const all = series.flatMap((s) => s.values);
  const min = Math.min(0, ...all);
  const max = Math.max(1, ...all);
  const x = scaleLinear<number>({ domain: [min, max], range: [0, innerWidth], nice: true });
  const y = scaleBand<string>({ domain: categories, range: [0, innerHeight], paddingInner: 0 });
  const fill = (i: number): string => (PATTERNS[i % PATTERNS.length] === 'solid' ? (FILLS[i % FILLS.length] ?? '#000') : `url(#${id}-p${String(i)})`);
  return (
    <figure className="bar-chart" ref={ref}>
      <svg viewBox={`0 0 ${String(WIDTH)} ${String(height)}`} role="img" aria-labelledby={`${id}-t ${id}-d`} className="bar-chart-svg" style={{ maxWidth: `${String(WIDTH)}px` }}>
        <title id={`${id}-t`}>{props.title}</title>
        <desc id={`${id}-d`}>{props.description}</desc>
        <defs>
          {series.map((_, i) => (
            <Pattern key={i} id={`${id}-p${String(i)}`} kind={PATTERNS[i % PATTERNS.length] ?? 'solid'} color={FILLS[i % FILLS.length] ?? '#000'} />
          ))}
        </defs>
        <Group left={left} top={MARGIN.top}>
          {x.ticks(ticks).map((t) => (
            <line key={t} x1={x(t)} x2={x(t)} y1={0} y2={innerHeight} stroke="#d6d6d6" />
          ))}
          {categories.map((c, ci) => {
            const top = (y(c) ?? 0) + GAP;
            return series.map((s, si) => {
              const v = s.values[ci] ?? 0;
              const x0 = x(Math.min(0, v));
              const w = Math.abs(x(v) - x(0));
              return <Bar key={`${c}-${s.name}`} x={x0} y={top + si * BAR} width={Math.max(w, v === 0 ? 0 : 1)} height={BAR - 2} fill={fill(si)} stroke={FILLS[si % FILLS.length]} strokeWidth={1} />;
            });
          })}
          <line x1={x(0)} x2={x(0)} y1={0} y2={innerHeight} stroke="#1a1a1a" />
          <AxisLeft scale={y} tickValues={categories} hideTicks stroke="#1a1a1a" tickLabelProps={{ fontSize: 13, fill: '#1a1a1a', textAnchor: 'end', dx: -4, dy: 4 }} />
          <AxisBottom top={innerHeight} scale={x} numTicks={ticks} tickFormat={(v) => props.tickFormat(Number(v))} stroke="#1a1a1a" tickStroke="#1a1a1a" tickLabelProps={{ fontSize: 12, fill: '#1a1a1a', textAnchor: 'middle' }} />
        </Group>
      </svg>
      {series.length > 1 ? (
        <figcaption className="bar-chart-legend" aria-hidden="true">
          {series.map((s, i) => (
            <span key={s.name} className="bar-chart-key">
              <svg width="16" height="12" viewBox="0 0 16 12">
                <defs>
                  <Pattern id={`${id}-k${String(i)}`} kind={PATTERNS[i % PATTERNS.length] ?? 'solid'} color={FILLS[i % FILLS.length] ?? '#000'} />
                </defs>
                <rect width="16" height="12" fill={PATTERNS[i % PATTERNS.length] === 'solid' ? FILLS[i % FILLS.length] : `url(#${id}-k${String(i)})`} stroke={FILLS[i % FILLS.length]} />
              </svg>
              {s.name}
            </span>
          ))}
        </figcaption>
      ) : null}
    </figure>
  );
}
