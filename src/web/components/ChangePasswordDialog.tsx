import { useState, type FormEvent } from 'react';
import { api, errorMessage } from '../lib/api.ts';
import { useI18n } from '../lib/text/i18n.ts';
import { Dialog } from './Dialog.tsx';
import { ErrorAlert, SuccessAlert } from './ErrorAlert.tsx';

/** Change one's own password (needs the current one); the server ends the user's other sessions. */
export function ChangePasswordDialog(props: { onClose: () => void }) {
  const { t } = useI18n();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    api('/api/auth/password', { method: 'POST', json: { currentPassword: current, newPassword: next } })
      .then(
        () => {
          setCurrent('');
          setNext('');
          setDone(true);
        },
        (e: unknown) => setError(errorMessage(e)),
      )
      .finally(() => setBusy(false));
  }

  return (
    <Dialog
      title={t('account.changePassword')}
      onClose={props.onClose}
      footer={
        <button type="button" className="button button-secondary" onClick={props.onClose}>
          {t('admin.cancel')}
        </button>
      }
    >
      <ErrorAlert message={error} />
      <SuccessAlert message={done ? t('account.changed') : null} />
      <form onSubmit={submit} noValidate>
        <div className="form-group">
          <label className="form-label" htmlFor="account-current">
            {t('account.current')}
          </label>
          <input className="form-input" id="account-current" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />
        </div>
        <div className="form-group">
          <label className="form-label" htmlFor="account-new">
            {t('account.new')}
          </label>
          <span className="form-hint" id="account-new-hint">
            {t('account.newHint')}
          </span>
          <input className="form-input" id="account-new" type="password" autoComplete="new-password" aria-describedby="account-new-hint" value={next} onChange={(e) => setNext(e.target.value)} />
        </div>
        <button type="submit" className="button button-primary" disabled={busy}>
          {t('account.changePassword')}
        </button>
      </form>
    </Dialog>
  );
}
