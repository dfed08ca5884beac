import type { ReactNode } from 'react';

export type Level = 1 | 2 | 3 | 4;

/** A heading at the level the page gives (an overview is a page of its own or a section of the start page). */
export function Heading(props: { level: Level; id?: string; children: ReactNode }) {
  const Tag = `h${String(props.level)}` as 'h1' | 'h2' | 'h3' | 'h4';
  return <Tag id={props.id}>{props.children}</Tag>;
}
