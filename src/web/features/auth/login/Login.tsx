import { useEffect, useState, type FormEvent } from 'react';
import { api, errorMessage, type ApiResponse, type Session } from '../../../lib/api.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { useI18n } from '../../../lib/text/i18n.ts';

/** Sign-in with a local account, and with the organisation's identity provider when configured. */
export function LoginPage(props: { onSignedIn: (session: Session) => void; notice?: string | null }) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [oidc, setOidc] = useState<{ enabled: boolean; label: string } | null>(null);

  useEffect(() => {
    api<ApiResponse<'/api/auth/oidc/config'>>('/api/auth/oidc/config').then(setOidc, () => setOidc(null));
  }, []);

  function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    api<ApiResponse<'/api/auth/login', 'post'>>('/api/auth/login', { method: 'POST', json: { username, password } })
      .then(props.onSignedIn, (e: unknown) => {
        setError(errorMessage(e));
        setPassword('');
      })
      .finally(() => setBusy(false));
  }

  return (
    <div className="login">
      <h1>{t('login.title')}</h1>
      <p>{t('login.intro')}</p>
      {props.notice ? (
        <div className="alert alert-info" role="status">
          <div className="alert-body">
            <p className="alert-text">{props.notice}</p>
          </div>
        </div>
      ) : null}
      <ErrorAlert message={error} heading={t('login.failed')} />
      <form onSubmit={submit} noValidate>
        <div className="form-group">
          <label className="form-label" htmlFor="login-username">
            {t('login.username')}
          </label>
          <input className="form-input" id="login-username" name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} />
        </div>
        <div className="form-group">
          <label className="form-label" htmlFor="login-password">
            {t('login.password')}
          </label>
          <input className="form-input" id="login-password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
        <button type="submit" className="button button-primary" disabled={busy}>
          {t('login.submit')}
        </button>
      </form>
      {oidc?.enabled ? (
        <p className="oidc">
          <a className="button button-secondary" href="/api/auth/oidc/login">
            {t('login.oidc', { label: oidc.label })}
          </a>
        </p>
      ) : null}
    </div>
  );
}
