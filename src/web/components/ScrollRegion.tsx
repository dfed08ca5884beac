import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

/**
 * A wide table's own horizontal scroll area (DKFDS `table--responsive-scroll`), so the page
 * itself never scrolls sideways on a phone (WCAG 1.4.10). Only while the table is wider than the
 * room it has, the area is a named region in the tab order — keyboard users can then scroll it
 * with the arrow keys (axe: scrollable-region-focusable) — named by the table's caption, or by
 * `label` when the table has none. A table that fits adds no tab stop.
 */
export function ScrollRegion(props: { children: ReactNode; label?: string; className?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  const [captionId, setCaptionId] = useState<string | null>(null);
  const fallbackId = useId();

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const check = () => setScrolls(el.scrollWidth > el.clientWidth + 1);
    check();
    const observer = new ResizeObserver(check);
    observer.observe(el);
    for (const child of el.children) observer.observe(child);
    return () => observer.disconnect();
  }, []);

  // The caption names the region; it gets an id when it has none (captions are rendered by the page).
  useEffect(() => {
    const caption = ref.current?.querySelector('caption');
    if (!caption) return setCaptionId(null);
    if (!caption.id) caption.id = `${fallbackId}-caption`;
    setCaptionId(caption.id);
  });

  const naming = captionId !== null ? { 'aria-labelledby': captionId } : props.label !== undefined ? { 'aria-label': props.label } : {};
  return (
    <div ref={ref} className={props.className ? `table--responsive-scroll ${props.className}` : 'table--responsive-scroll'} {...(scrolls ? { role: 'region', tabIndex: 0, ...naming } : {})}>
      {props.children}
    </div>
  );
}
