import { useState } from 'react';
import type { User } from '../lib/api.ts';
import { ChangePasswordDialog } from './ChangePasswordDialog.tsx';
import { useI18n } from '../lib/text/i18n.ts';
import { href, type PageName } from '../lib/router.ts';
import { hasRole, isAdmin } from '../lib/session.ts';

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
                {changingPassword ? <ChangePasswordDialog onClose={() => setChangingPassword(false)} /> : null}
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
        </div>
      </div>
      {items.length > 0 ? (
        <nav className="navigation-menu" aria-label={t('nav.label')}>
          <div className="navigation-menu-inner container">
            <ul className="mainmenu">
              {items.map((item) => (
                <li key={item.page} className={isCurrent(item.page, props.current) ? 'active' : undefined}>
                  <a className="nav-link" href={href(item.page)} aria-current={item.page === props.current ? 'page' : isCurrent(item.page, props.current) ? 'true' : undefined}>
                    <span>{item.label}</span>
                  </a>
                </li>
              ))}
            </ul>
          </div>
        </nav>
      ) : null}
    </header>
  );
}
