import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { User } from '../lib/api.ts';
import { ChangePasswordDialog } from './ChangePasswordDialog.tsx';
import { useI18n } from '../lib/text/i18n.ts';
import { href, type PageName } from '../lib/router.ts';
import { hasRole, isAdmin } from '../lib/session.ts';
import { useRoleTexts } from '../lib/scope.ts';

interface NavItem {
  page: Exclude<PageName, 'not-found' | 'login'>;
  label: string;
}

/** The administration item stands for all three administration pages. */
function isCurrent(item: NavItem['page'], current: PageName): boolean {
  return item === current || (item === 'users' && (current === 'sessions' || current === 'audit'));
}

/** DKFDS header: portal line with user and logout, solution line with the product, main menu. */
export function Header(props: { user: User | null; current: PageName; onLogout: () => void }) {
  const { t, lang, setLang } = useI18n();
  const { user } = props;
  const [changingPassword, setChangingPassword] = useState(false);
  const items: NavItem[] = [];
  if (user) {
    items.push({ page: 'start', label: t('nav.start') });
    if (user.roles.length > 0) {
      items.push({ page: 'register', label: t('nav.register') });
      if (isAdmin(user)) items.push({ page: 'population', label: t('nav.population') });
      items.push({ page: 'allocation', label: t('nav.allocation') });
      items.push({ page: 'cofinancing', label: t('nav.cofinancing') });
      items.push({ page: 'economy', label: t('nav.economy') });
      // Governance and follow-up (issue 5): clusters' own screens for those who read clusters, the SSU for its members.
      if (hasRole(user, 'system-admin', 'cluster-secretariat', 'national-reader', 'finance-officer')) {
        items.push({ page: 'governance', label: t('nav.governance') });
        items.push({ page: 'follow-up', label: t('nav.followUp') });
      }
      if (hasRole(user, 'system-admin', 'ssu-member', 'national-reader')) items.push({ page: 'ssu', label: t('nav.ssu') });
      items.push({ page: 'catalogue', label: t('nav.catalogue') });
      // Key figures and scenarios (issue 14): every role reads them; the server scopes clusters.
      items.push({ page: 'key-figures', label: t('nav.keyFigures') });
      items.push({ page: 'scenarios', label: t('nav.scenarios') });
      // Administration (users, sessions, audit trail; a sub-menu on those pages). The server refuses others anyway.
      if (isAdmin(user)) items.push({ page: 'users', label: t('nav.admin') });
    }
  }
  const languageButton = (
    <button type="button" className="button button-tertiary lang-switch" lang={lang === 'da' ? 'en' : 'da'} aria-label={t('lang.switchLabel')} onClick={() => setLang(lang === 'da' ? 'en' : 'da')}>
      {t('lang.switch')}
    </button>
  );
  const links = (onNavigate?: () => void) => (
    <ul className="mainmenu">
      {items.map((item) => (
        <li key={item.page} className={isCurrent(item.page, props.current) ? (item.page === props.current ? 'active current' : 'active') : undefined}>
          <a className="nav-link" href={href(item.page)} onClick={onNavigate} aria-current={item.page === props.current ? 'page' : isCurrent(item.page, props.current) ? 'true' : undefined}>
            <span>{item.label}</span>
          </a>
        </li>
      ))}
    </ul>
  );
  return (
    <header className="header">
      <a className="skipnav" href="#main-content" onClick={(e) => { e.preventDefault(); document.getElementById('main-content')?.focus(); }}>
        {t('skip')}
      </a>
      <div className="portal-info">
        <div className="portal-info-inner container">
          <span className="portal-name">{t('app.tagline')}</span>
          <div className="portal-user">
            {languageButton}
            {user ? (
              <>
                <p className="user" data-testid="signed-in-user">
                  <span className="sr-only">{t('user.signedInAs')} </span>
                  <strong>{user.displayName}</strong>
                </p>
                <button type="button" className="button button-tertiary" onClick={() => setChangingPassword(true)}>
                  {t('account.changePassword')}
                </button>
                <button type="button" className="button button-secondary" onClick={props.onLogout}>
                  {t('logout')}
                </button>
              </>
            ) : null}
          </div>
        </div>
      </div>
      <div className="solution-info">
        <div className="solution-info-inner container">
          <div className="solution-heading">
            <a href={href('start')}>{t('app.name')}</a>
          </div>
          <MobileMenu
            user={user}
            onLogout={props.onLogout}
            onChangePassword={() => setChangingPassword(true)}
            languageButton={languageButton}
            links={links}
          />
        </div>
      </div>
      {items.length > 0 ? (
        <nav className="navigation-menu" aria-label={t('nav.label')}>
          <div className="navigation-menu-inner container">{links()}</div>
        </nav>
      ) : null}
      {changingPassword ? <ChangePasswordDialog onClose={() => setChangingPassword(false)} /> : null}
    </header>
  );
}

/** DKFDS's navigation breakpoint: below it the main menu and the portal line live in the drawer. */
const DESKTOP = '(min-width: 992px)';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * The phone and tablet menu (DKFDS "mobile-drawer"): a menu button below 992 px opens a drawer
 * with the main menu, the signed-in user, the language switch and log out. It is a modal dialog
 * for assistive technology: focus moves to its close button, Tab stays inside, Escape or the
 * overlay closes it, and focus returns to the menu button. Widening the window past the
 * breakpoint closes it (the desktop header then shows everything).
 */
function MobileMenu(props: {
  user: User | null;
  onLogout: () => void;
  onChangePassword: () => void;
  languageButton: ReactNode;
  links: (onNavigate?: () => void) => ReactNode;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const drawerId = useId();
  const headingId = useId();
  const openerRef = useRef<HTMLButtonElement>(null);
  const drawerRef = useRef<HTMLDivElement>(null);
  const { user } = props;

  const close = useCallback((returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) openerRef.current?.focus();
  }, []);

  useEffect(() => {
    if (!open) return;
    document.body.classList.add('mobile-nav-active');
    drawerRef.current?.querySelector<HTMLElement>('.button-menu-close')?.focus();
    const desktop = window.matchMedia(DESKTOP);
    const onWide = () => {
      if (desktop.matches) close(false);
    };
    desktop.addEventListener('change', onWide);
    // Following a link (or the browser's back button) changes the hash: the new page shows without the menu.
    const onRoute = () => close(false);
    window.addEventListener('hashchange', onRoute);
    return () => {
      document.body.classList.remove('mobile-nav-active');
      desktop.removeEventListener('change', onWide);
      window.removeEventListener('hashchange', onRoute);
    };
  }, [open, close]);

  function onKeyDown(event: React.KeyboardEvent<HTMLDivElement>) {
    if (event.key === 'Escape') {
      event.preventDefault();
      close(true);
      return;
    }
    if (event.key !== 'Tab' || !drawerRef.current) return;
    const focusable = [...drawerRef.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  return (
    <>
      <button
        type="button"
        ref={openerRef}
        className="function-link button-menu-open d-print-none"
        aria-expanded={open}
        aria-controls={drawerId}
        onClick={() => setOpen(true)}
      >
        <MenuIcon path="M120-240v-80h720v80H120Zm0-200v-80h720v80H120Zm0-200v-80h720v80H120Z" />
        {t('menu.open')}
      </button>
      <div className={open ? 'overlay is-visible' : 'overlay'} aria-hidden="true" onClick={() => close(true)} />
      <div
        className={open ? 'mobile-drawer is-visible' : 'mobile-drawer'}
        id={drawerId}
        ref={drawerRef}
        role="dialog"
        aria-modal="true"
        aria-labelledby={headingId}
        hidden={!open}
        onKeyDown={onKeyDown}
      >
        <div className="menu-top">
          <h2 id={headingId} className="menu-heading">
            {t('menu.heading')}
          </h2>
          <button type="button" className="function-link button-menu-close" aria-label={t('menu.closeLabel')} onClick={() => close(true)}>
            <MenuIcon path="m256-200-56-56 224-224-224-224 56-56 224 224 224-224 56 56-224 224 224 224-56 56-224-224-224 224Z" />
            {t('menu.close')}
          </button>
        </div>
        {user && user.roles.length > 0 ? (
          <nav className="navigation-menu-mobile" aria-label={t('nav.label')}>
            {props.links(() => close(false))}
          </nav>
        ) : null}
        <div className="portal-info-mobile">
          <h3 className="sr-only">{t('menu.user')}</h3>
          {user ? (
            <p className="user" data-testid="menu-user">
              <span className="mb-3">
                <span className="sr-only">{t('user.signedInAs')} </span>
                <strong>{user.displayName}</strong>
              </span>
              <UserRoles />
            </p>
          ) : null}
          <p>{props.languageButton}</p>
          {user ? (
            <>
              <p>
                <button
                  type="button"
                  className="button button-tertiary"
                  onClick={() => {
                    close(false);
                    props.onChangePassword();
                  }}
                >
                  {t('account.changePassword')}
                </button>
              </p>
              <p>
                <button type="button" className="button button-secondary" onClick={props.onLogout}>
                  {t('logout')}
                </button>
              </p>
            </>
          ) : null}
        </div>
      </div>
    </>
  );
}

/** The user's roles with the organisations they are for (DKFDS's user info line). */
function UserRoles() {
  const roles = useRoleTexts();
  return (
    <>
      {roles.map((text) => (
        <span key={text}>{text}</span>
      ))}
    </>
  );
}

/** A DKFDS icon (Material Symbols path), decorative: the button's text names it. */
function MenuIcon(props: { path: string }) {
  return (
    <svg className="icon-svg" viewBox="0 -960 960 960" focusable="false" aria-hidden="true">
      <path d={props.path} />
    </svg>
  );
}
