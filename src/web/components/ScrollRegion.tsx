import { useEffect, useId, useLayoutEffect, useRef, useState, type ReactNode } from 'react';

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

  // Checked after every render (before paint), and again whenever the area or anything in it
  // changes size — a table rendered after its data arrived, fonts that widen the text — so the
  // region is never a scrolling area without its tab stop.
  useLayoutEffect(() => {
    const el = ref.current;
    if (el) setScrolls(el.scrollWidth > el.clientWidth + 1);
  });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const check = () => setScrolls(el.scrollWidth > el.clientWidth + 1);
    const resize = new ResizeObserver(check);
    const observeAll = () => {
      resize.disconnect();
      resize.observe(el);
      for (const child of el.children) resize.observe(child);
    };
    observeAll();
    const mutations = new MutationObserver(() => {
      observeAll();
      check();
    });
    mutations.observe(el, { childList: true, subtree: true, characterData: true });
    void document.fonts.ready.then(check);
    return () => {
      resize.disconnect();
      mutations.disconnect();
    };
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
