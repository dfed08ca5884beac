import { useI18n, type MessageKey } from '../../lib/text/i18n.ts';
import { href } from '../../lib/router.ts';
import { hasRole, isAdmin, useSession } from '../../lib/session.ts';
import { useRoleTexts } from '../../lib/scope.ts';
import { StartOverviewSection } from '../overview/index.ts';

/** The start page: who you are, your roles, and what each lets you do. */
export function StartPage() {
  const { t } = useI18n();
  const { user } = useSession().session;
  const roles = useRoleTexts();
  const tasks: { key: MessageKey; to: string }[] = [];
  if (user.roles.length > 0) {
    tasks.push({ key: 'task.allocation', to: href('allocation') });
    tasks.push({ key: 'task.register', to: href('register') });
    if (isAdmin(user)) {
      tasks.push({ key: 'task.registerEdit', to: href('register') });
      tasks.push({ key: 'task.population', to: href('population') });
    }
    if (hasRole(user, 'system-admin', 'cluster-secretariat', 'finance-officer', 'national-reader', 'ssu-member')) {
      tasks.push({ key: 'task.cofinancing', to: href('cofinancing') });
    }
  }
  return (
    <>
      <h1>{t('start.title', { name: user.displayName })}</h1>
      {user.roles.length === 0 ? (
        <div className="alert alert-info" role="status">
          <div className="alert-body">
            <p className="alert-text">{t('start.noRoles')}</p>
          </div>
        </div>
      ) : (
        <>
          <StartOverviewSection />
          <h2>{t('start.roles')}</h2>
          <ul className="roles">
            {roles.map((text) => (
              <li key={text}>{text}</li>
            ))}
          </ul>
          <h2>{t('start.tasks')}</h2>
          <ul className="tasks">
            {tasks.map((task) => (
              <li key={task.key}>
                <a href={task.to}>{t(task.key)}</a>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
