import { useState } from 'react';
import { api, errorMessage, type ApiResponse } from '../../lib/api.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorAlert, Loading, SuccessAlert } from '../../components/ErrorAlert.tsx';
import { dateTime } from '../../lib/format.ts';
import { useLoad } from '../../lib/query.ts';
import { useI18n } from '../../lib/text/i18n.ts';
import { useSession } from '../../lib/session.ts';
import { AdminNav, AdminOnly } from './AdminCommon.tsx';
import { ScrollRegion } from '../../components/ScrollRegion.tsx';

export type AdminSession = ApiResponse<'/api/admin/sessions'>['sessions'][number];

/** A short browser name from a user agent, for recognising a session (not for security). */
function browserName(ua: string | null): string {
  if (ua === null || ua === '') return '—';
  const known = [/Edg\/[\d]+/, /Firefox\/[\d]+/, /Chrom(?:e|ium)\/[\d]+/, /Version\/[\d]+.*Safari/];
  for (const re of known) {
    const m = re.exec(ua);
    if (m) return m[0].replace(/^Version\/([\d]+).*Safari$/, 'Safari/$1').replace('/', ' ');
  }
  return ua.slice(0, 40);
}

/** Live sessions; an administrator ends one (their own only after confirming). */
export function AdminSessionsPage() {
  const { t } = useI18n();
  return (
    <AdminOnly title={t('sessions.title')}>
      <AdminSessionsContent />
    </AdminOnly>
  );
}

function AdminSessionsContent() {
  const { t } = useI18n();
  const { logout } = useSession();
  const sessions = useLoad(() => api<ApiResponse<'/api/admin/sessions'>>('/api/admin/sessions').then((r) => r.sessions), ['admin', 'sessions', 'list']);
  const users = useLoad(() => api<ApiResponse<'/api/admin/users'>>('/api/admin/users').then((r) => new Map(r.users.map((u) => [u.id, u]))), ['admin', 'users', 'by-id']);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<AdminSession | null>(null);
  const [busy, setBusy] = useState(false);

  const nameOf = (s: AdminSession): string => {
    const u = users.data?.get(s.userId);
    return u ? `${u.displayName} (${s.username})` : s.username;
  };

  function end(s: AdminSession) {
    setBusy(true);
    setError(null);
    setNotice(null);
    api(`/api/admin/sessions/${encodeURIComponent(s.id)}`, { method: 'DELETE' }).then(
      () => {
        setBusy(false);
        if (s.current) {
          logout();
          return;
        }
        setNotice(t('sessions.ended', { name: nameOf(s) }));
        sessions.reload();
        // The row is gone; keep keyboard focus on the page rather than on nothing.
        document.getElementById('sessions-heading')?.focus();
      },
      (e: unknown) => {
        setBusy(false);
        setConfirming(null);
        setError(errorMessage(e));
        sessions.reload();
      },
    );
  }

  return (
    <>
      <AdminNav current="sessions" />
      <h1 id="sessions-heading" tabIndex={-1}>
        {t('sessions.title')}
      </h1>
      <p>{t('sessions.intro')}</p>
      <SuccessAlert message={notice} />
      <ErrorAlert message={error ?? sessions.error} />
      <p>
        <button type="button" className="button button-secondary" onClick={() => { setNotice(null); sessions.reload(); }}>
          {t('sessions.refresh')}
        </button>
      </p>
      {sessions.loading && !sessions.data ? <Loading /> : null}
      {sessions.data ? (
        sessions.data.length === 0 ? (
          <p>{t('sessions.none')}</p>
        ) : (
          <ScrollRegion>
            <table className="table table--zebra table--compact admin-sessions">
              <caption>{t('sessions.caption', { count: sessions.data.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('sessions.user')}</th>
                  <th scope="col">{t('sessions.created')}</th>
                  <th scope="col">{t('sessions.lastSeen')}</th>
                  <th scope="col">{t('sessions.ip')}</th>
                  <th scope="col">{t('sessions.browser')}</th>
                  <th scope="col">
                    <span className="sr-only">{t('sessions.end')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {sessions.data.map((s) => (
                  <tr key={s.id} className={s.current ? 'current-session' : undefined}>
                    <th scope="row">
                      {nameOf(s)}
                      {s.current ? (
                        <>
                          {' '}
                          <span className="badge badge-small">{t('sessions.current')}</span>
                        </>
                      ) : null}
                    </th>
                    <td>{dateTime(s.createdAt)}</td>
                    <td>{dateTime(s.lastSeenAt)}</td>
                    <td>{s.ip ?? '—'}</td>
                    <td>{browserName(s.userAgent)}</td>
                    <td>
                      <button
                        type="button"
                        className="button button-tertiary"
                        disabled={busy}
                        aria-label={t('sessions.endFor', { name: nameOf(s), at: dateTime(s.createdAt) })}
                        onClick={() => (s.current ? setConfirming(s) : end(s))}
                      >
                        {t('sessions.end')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )
      ) : null}
      {confirming ? (
        <Dialog
          title={t('sessions.confirmTitle')}
          onClose={() => setConfirming(null)}
          footer={
            <>
              <button type="button" className="button button-primary" disabled={busy} onClick={() => end(confirming)}>
                {t('sessions.confirm')}
              </button>
              <button type="button" className="button button-secondary" onClick={() => setConfirming(null)}>
                {t('admin.cancel')}
              </button>
            </>
          }
        >
          <p>{t('sessions.confirmText')}</p>
        </Dialog>
      ) : null}
    </>
  );
}
