import { useState, type ReactNode } from 'react';
import { errorMessage } from '../lib/api.ts';
import { useI18n } from '../lib/text/i18n.ts';
import { Dialog } from './Dialog.tsx';
import { ErrorAlert } from './ErrorAlert.tsx';

/**
 * A dialog around one action: the confirm button sends it, an error stays in the dialog, and the
 * dialog reports back only when the server took the action. `send` returns an error text for a
 * mistake found before sending (e.g. an amount that is not an amount).
 */
export function ActionDialog(props: { title: string; confirmLabel: string; send: () => Promise<unknown> | string; onClose: () => void; onDone: () => void; children: ReactNode }) {
  const { t } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = () => {
    const sent = props.send();
    if (typeof sent === 'string') {
      setError(sent);
      return;
    }
    setBusy(true);
    setError(null);
    sent.then(props.onDone, (e: unknown) => {
      setError(errorMessage(e));
      setBusy(false);
    });
  };
  return (
    <Dialog
      title={props.title}
      onClose={props.onClose}
      footer={
        <>
          <button type="button" className="button button-primary" disabled={busy} onClick={submit}>
            {props.confirmLabel}
          </button>{' '}
          <button type="button" className="button button-secondary" onClick={props.onClose}>
            {t('action.cancel')}
          </button>
        </>
      }
    >
      {props.children}
      <ErrorAlert message={error} />
    </Dialog>
  );
}
