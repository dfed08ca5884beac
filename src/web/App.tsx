import { QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { api, ApiError, errorMessage, setCsrfToken, setUnauthorizedHandler, type Session } from './lib/api.ts';
import { ErrorAlert, Loading } from './components/ErrorAlert.tsx';
import { Header } from './components/Header.tsx';
import { I18nContext, initialLang, rememberLang, translate, type I18n, type Lang } from './lib/text/i18n.ts';
import { LoginPage } from './features/auth/login/Login.tsx';
import { NotFoundPage } from './components/NotFound.tsx';
import { StartPage } from './features/start/Start.tsx';
import { navigate, useRoute, type Route } from './lib/router.ts';
import { SessionContext } from './lib/session.ts';
import { createQueryClient } from './lib/query.ts';
import { OverviewPage } from './features/overview/index.ts';

// Screens beyond the sign-in and start pages load when first opened (issue 12 §7: first load ≤ 250 kB).
const AdminAuditPage = lazy(() => import('./features/admin/AdminAudit.tsx').then((m) => ({ default: m.AdminAuditPage })));
const AdminSessionsPage = lazy(() => import('./features/admin/AdminSessions.tsx').then((m) => ({ default: m.AdminSessionsPage })));
const AdminUsersPage = lazy(() => import('./features/admin/AdminUsers.tsx').then((m) => ({ default: m.AdminUsersPage })));
const AllocationPage = lazy(() => import('./features/allocation/Allocation.tsx').then((m) => ({ default: m.AllocationPage })));
const CofinancingPage = lazy(() => import('./features/cofinancing/Cofinancing.tsx').then((m) => ({ default: m.CofinancingPage })));
const EconomyPage = lazy(() => import('./features/economy/EconomyPage.tsx').then((m) => ({ default: m.EconomyPage })));
import { FOLLOW_UP_TITLES } from './follow-up-titles.ts';
const FollowUpRoute = lazy(() => import('./follow-up-routes.tsx').then((m) => ({ default: m.FollowUpRoute })));
const KeyFiguresPage = lazy(() => import('./features/key-figures/KeyFigures.tsx').then((m) => ({ default: m.KeyFiguresPage })));
const ScenariosPage = lazy(() => import('./features/scenarios/Scenarios.tsx').then((m) => ({ default: m.ScenariosPage })));
const PopulationPage = lazy(() => import('./features/population/Population.tsx').then((m) => ({ default: m.PopulationPage })));
const RegisterPage = lazy(() => import('./features/register/Register.tsx').then((m) => ({ default: m.RegisterPage })));

type SessionState = { kind: 'loading' } | { kind: 'signed-out'; ended?: boolean } | { kind: 'signed-in'; session: Session } | { kind: 'error'; message: string };

const TITLES: Record<Route['page'], Parameters<I18n['t']>[0]> = {
  start: 'nav.start',
  login: 'login.title',
  register: 'register.title',
  population: 'population.title',
  allocation: 'nav.allocation',
  cofinancing: 'cofinancing.title',
  economy: 'nav.economy',
  overview: 'ov.title',
  ...FOLLOW_UP_TITLES,
  'key-figures': 'kf.title',
  scenarios: 'sc.title',
  users: 'users.title',
  sessions: 'sessions.title',
  audit: 'audit.title',
  'not-found': 'notFound.title',
};

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

export function App() {
  const [lang, setLangState] = useState<Lang>(() => initialLang(storage()));
  const i18n = useMemo<I18n>(
    () => ({
      lang,
      t: (key, params) => translate(lang, key, params),
      setLang: (next) => {
        rememberLang(storage(), next);
        setLangState(next);
      },
    }),
    [lang],
  );
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const route = useRoute();
  // One cache of the server's data per signed-in session (emptied at sign-out, see below).
  const [queryClient] = useState(createQueryClient);
  const [state, setState] = useState<SessionState>({ kind: 'loading' });

  const signedIn = useCallback((session: Session) => {
    setCsrfToken(session.csrfToken);
    setState({ kind: 'signed-in', session });
  }, []);

  useEffect(() => {
    api<Session>('/api/auth/me').then(signedIn, (e: unknown) => {
      if (e instanceof ApiError && e.status === 401) setState({ kind: 'signed-out' });
      else setState({ kind: 'error', message: errorMessage(e) });
    });
  }, [signedIn]);

  // A session that ends meanwhile (ended by an administrator, expired) → the sign-in page, saying why.
  useEffect(() => {
    setUnauthorizedHandler(() => {
      setCsrfToken(null);
      // Another user may sign in next in this tab: nothing cached for this one is kept.
      queryClient.clear();
      setState((s) => (s.kind === 'signed-in' ? { kind: 'signed-out', ended: true } : s));
    });
    return () => setUnauthorizedHandler(null);
  }, [queryClient]);

  // Signed out, every address shows the sign-in form, so the title says so.
  const titleKey = state.kind === 'signed-out' ? 'login.title' : TITLES[route.page];
  useEffect(() => {
    document.title = `${i18n.t(titleKey)} – ${i18n.t('app.name')}`;
  }, [titleKey, i18n]);

  const logout = useCallback(() => {
    api('/api/auth/logout', { method: 'POST' })
      .catch(() => undefined)
      .finally(() => {
        setCsrfToken(null);
        queryClient.clear();
        setState({ kind: 'signed-out' });
        navigate('#/login');
      });
  }, [queryClient]);

  let content;
  if (state.kind === 'loading') content = <Loading />;
  else if (state.kind === 'error') content = <ErrorAlert message={state.message} />;
  else if (state.kind === 'signed-out') {
    content = (
      <LoginPage
        notice={state.ended ? i18n.t('admin.sessionEnded') : null}
        onSignedIn={(session) => {
          signedIn(session);
          navigate('#/');
        }}
      />
    );
  } else {
    content = (
      <Suspense fallback={<Loading />}>
        <SignedInPage route={route} />
      </Suspense>
    );
  }

  const user = state.kind === 'signed-in' ? state.session.user : null;
  const page = (
    <>
      <Header user={user} current={state.kind === 'signed-out' ? 'login' : route.page} onLogout={logout} />
      <main id="main-content" tabIndex={-1} className="container page-container">
        {content}
      </main>
    </>
  );
  return (
    <QueryClientProvider client={queryClient}>
      <I18nContext.Provider value={i18n}>
        {state.kind === 'signed-in' ? <SessionContext.Provider value={{ session: state.session, logout }}>{page}</SessionContext.Provider> : page}
      </I18nContext.Provider>
    </QueryClientProvider>
  );
}

function SignedInPage(props: { route: Route }) {
  const { page, params } = props.route;
  switch (page) {
    case 'start':
    case 'login':
      return <StartPage />;
    case 'register':
      return <RegisterPage year={params[0]} />;
    case 'population':
      return <PopulationPage />;
    case 'allocation':
      return <AllocationPage year={params[0]} />;
    case 'cofinancing':
      return <CofinancingPage clusterId={params[0]} year={params[1]} />;
    case 'overview':
      return <OverviewPage key={params.join('/')} params={params} />;
    case 'economy':
      return <EconomyPage key={`${params[0] ?? ''}/${params[1] ?? ''}`} clusterId={params[0]} year={params[1]} sub={params[2]} itemId={params[3]} />;
    case 'governance':
    case 'meeting':
    case 'follow-up':
    case 'evaluation':
    case 'ssu':
    case 'initiative-follow-up':
    case 'catalogue':
      return <FollowUpRoute page={page} params={params} />;
    case 'key-figures':
      return <KeyFiguresPage key={params.join('/')} indicatorId={params[0]} clusterId={params[1]} />;
    case 'scenarios':
      return <ScenariosPage key={params.join('/')} year={params[0]} scenarioId={params[1]} />;
    case 'users':
      return <AdminUsersPage />;
    case 'sessions':
      return <AdminSessionsPage />;
    case 'audit':
      return <AdminAuditPage />;
    case 'not-found':
      return <NotFoundPage />;
  }
}
