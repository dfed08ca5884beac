import { useEffect, useState } from 'react';

/**
 * A tiny hash router: `#/allocation/2022` → `{ page: 'allocation', params: ['2022'] }`. Hash routes
 * need no server fallback, and the back button works.
 */
export type PageName = 'start' | 'login' | 'register' | 'population' | 'allocation' | 'cofinancing' | 'economy' | 'overview' | FollowUpPageName | KeyFigurePageName | AdminPageName | 'not-found';

/** Key figures and allocation scenarios (issue 14). */
export type KeyFigurePageName = 'key-figures' | 'scenarios';

/** The administrator's screens. */
export type AdminPageName = 'users' | 'sessions' | 'audit';

/** Governance and follow-up screens (issue 5). */
export type FollowUpPageName = 'governance' | 'meeting' | 'follow-up' | 'evaluation' | 'ssu' | 'initiative-follow-up' | 'catalogue';

export interface Route {
  page: PageName;
  params: string[];
}

const PAGES: readonly PageName[] = ['login', 'register', 'population', 'allocation', 'cofinancing', 'economy', 'overview', 'governance', 'meeting', 'follow-up', 'evaluation', 'ssu', 'initiative-follow-up', 'catalogue', 'key-figures', 'scenarios', 'users', 'sessions', 'audit'];

export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter((p) => p !== '').map(decodeURIComponent);
  const [first, ...rest] = parts;
  if (first === undefined) return { page: 'start', params: [] };
  const page = PAGES.find((p) => p === first);
  return page ? { page, params: rest } : { page: 'not-found', params: parts };
}

export function href(page: Exclude<PageName, 'not-found'>, ...params: (string | number)[]): string {
  const path = page === 'start' ? '' : [page, ...params.map((p) => encodeURIComponent(String(p)))].join('/');
  return `#/${path}`;
}

export function navigate(to: string): void {
  window.location.hash = to.replace(/^#/, '');
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
