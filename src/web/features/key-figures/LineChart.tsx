import { useId } from 'react';

/** One line of a chart: a value per x label (null: no value shown for that period). */
export interface ChartSeries {
  name: string;
  values: (number | null)[];
  /** Visual style; lines also differ by dash and marker shape, never by colour alone. */
  style: 'primary' | 'secondary' | 'tertiary';
}

export interface ChartTarget {
  label: string;
  value: number;
}

const WIDTH = 640;
const HEIGHT = 300;
const PAD = { left: 72, right: 24, top: 20, bottom: 40 };

/** Round numbers for the y axis: about five ticks covering [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0];
  if (min === max) {
    const pad = Math.abs(min) * 0.1 || 1;
    min -= pad;
    max += pad;
  }
  const raw = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const first = Math.floor(min / step) * step;
  const ticks: number[] = [];
  for (let v = first; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  if ((ticks.at(-1) ?? 0) < max) ticks.push(Number(((ticks.at(-1) ?? 0) + step).toPrecision(12)));
  return ticks;
}

const DASH: Record<ChartSeries['style'], string | undefined> = { primary: undefined, secondary: '8 4', tertiary: '2 4' };

/**
 * A small hand-written SVG line chart (role="img" with <title> and <desc>). It is decoration for
 * sighted users: the same figures are always in the data table next to it, which screen readers
 * and keyboard users read instead.
 */
export function LineChart(props: { title: string; description: string; labels: string[]; series: ChartSeries[]; target?: ChartTarget | null; format: (v: number) => string }) {
  const id = useId();
  const values = props.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  if (props.target) values.push(props.target.value);
  const ticks = niceTicks(Math.min(...values, Number.POSITIVE_INFINITY), Math.max(...values, Number.NEGATIVE_INFINITY));
  const lo = ticks[0] ?? 0;
  const hi = ticks.at(-1) ?? 1;
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (i: number): number => PAD.left + (props.labels.length <= 1 ? plotW / 2 : (i * plotW) / (props.labels.length - 1));
  const y = (v: number): number => PAD.top + plotH - ((v - lo) / (hi - lo || 1)) * plotH;
  return (
    <figure className="line-chart">
      <svg viewBox={`0 0 ${String(WIDTH)} ${String(HEIGHT)}`} role="img" aria-labelledby={`${id}-t ${id}-d`} focusable="false">
        <title id={`${id}-t`}>{props.title}</title>
        <desc id={`${id}-d`}>{props.description}</desc>
        {ticks.map((t) => (
          <g key={t} className="line-chart__grid">
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(t)} y2={y(t)} />
            <text x={PAD.left - 8} y={y(t) + 4} textAnchor="end">
              {props.format(t)}
            </text>
          </g>
        ))}
        {props.labels.map((l, i) => (
          <text key={l} className="line-chart__label" x={x(i)} y={HEIGHT - 14} textAnchor="middle">
            {l}
          </text>
        ))}
        {props.target ? (
          <g className="line-chart__target">
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(props.target.value)} y2={y(props.target.value)} strokeDasharray="12 6" />
            <text x={WIDTH - PAD.right} y={y(props.target.value) - 6} textAnchor="end">
              {props.target.label}
            </text>
          </g>
        ) : null}
        {props.series.map((s) => {
          const points = s.values.flatMap((v, i) => (v === null ? [] : [{ x: x(i), y: y(v) }]));
          return (
            <g key={s.name} className={`line-chart__series line-chart__series--${s.style}`}>
              {points.length > 1 ? <polyline fill="none" points={points.map((p) => `${String(p.x)},${String(p.y)}`).join(' ')} strokeDasharray={DASH[s.style]} /> : null}
              {points.map((p) =>
                s.style === 'primary' ? (
                  <circle key={`${String(p.x)}`} cx={p.x} cy={p.y} r={5} />
                ) : s.style === 'secondary' ? (
                  <rect key={`${String(p.x)}`} x={p.x - 4.5} y={p.y - 4.5} width={9} height={9} />
                ) : (
                  <polygon key={`${String(p.x)}`} points={`${String(p.x)},${String(p.y - 6)} ${String(p.x + 6)},${String(p.y + 5)} ${String(p.x - 6)},${String(p.y + 5)}`} />
                ),
              )}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul className="line-chart__legend">
          {props.series.map((s) => (
            <li key={s.name} className={`line-chart__key line-chart__key--${s.style}`}>
              <span aria-hidden="true" className="line-chart__swatch" />
              {s.name}
            </li>
          ))}
          {props.target ? (
            <li className="line-chart__key line-chart__key--target">
              <span aria-hidden="true" className="line-chart__swatch" />
              {props.target.label}
            </li>
          ) : null}
        </ul>
      </figcaption>
    </figure>
  );
}
